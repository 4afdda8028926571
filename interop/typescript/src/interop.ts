// What a TypeScript team does with schemas/openapi.json, run in CI:
//
// 1. `npm run generate`: openapi-typescript writes generated/graph-comms.ts
//    from the contract (nothing generated is committed);
// 2. this program type-checks against those types with `tsc --strict`;
// 3. run with node, it validates every fixture with ajv against the same
//    schemas the contract references, reads each through the generated types,
//    refuses every fixture of fixtures/invalid/schema/, and runs a webhook
//    stub built from the contract's `commsNotifications` webhook on
//    127.0.0.1: the documented tone notification is accepted (202), a body
//    that breaks the schema is refused (400).
//
// The repository root is GRAPH_COMMS_ROOT, else four levels above build/src/.
// Exit status 0 when everything holds, 1 with one line per failure.

import { Ajv2020 } from "ajv/dist/2020.js";
import type { ValidateFunction } from "ajv";
import { readFileSync, readdirSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { components, webhooks } from "../generated/graph-comms.js";

const root = process.env["GRAPH_COMMS_ROOT"] ?? resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const failures: string[] = [];
const fail = (what: string): void => {
  failures.push(what);
};

// ---- The generated types --------------------------------------------------

// openapi-typescript 7.13 renders the `$defs` of a referenced schema file as
// a required property of its type (openapi-ts/openapi-typescript#2664); the
// payload types leave it out, keeping every other property and the index
// signature of `additionalProperties: true`.
type Payload<T> = { [K in keyof T as K extends "$defs" ? never : K]: T[K] };
type Schemas = components["schemas"];
type CommsNotifications = Payload<Schemas["CommsNotifications"]>;
type Call = Payload<Schemas["Call"]>;
type CommsOperation = Payload<Schemas["CommsOperation"]>;
type SubscribeToToneOperation = Payload<Schemas["SubscribeToToneOperation"]>;
type SubscribeToToneRequest = Payload<Schemas["SubscribeToToneRequest"]>;
type ODataError = Payload<Schemas["ODataError"]>;
type Tone = Schemas["microsoft.graph.tone"];
// The IVR actions (issue 16): a request body and a typed operation each.
type AnswerRequest = Payload<Schemas["AnswerRequest"]>;
type RejectRequest = Payload<Schemas["RejectRequest"]>;
type CreateCallRequest = Payload<Schemas["CreateCallRequest"]>;
type PlayPromptRequest = Payload<Schemas["PlayPromptRequest"]>;
type RecordResponseRequest = Payload<Schemas["RecordResponseRequest"]>;
type CancelMediaProcessingRequest = Payload<Schemas["CancelMediaProcessingRequest"]>;
type SendDtmfTonesRequest = Payload<Schemas["SendDtmfTonesRequest"]>;
type UpdateRecordingStatusRequest = Payload<Schemas["UpdateRecordingStatusRequest"]>;
type PlayPromptOperation = Payload<Schemas["PlayPromptOperation"]>;
type RecordOperation = Payload<Schemas["RecordOperation"]>;
type CancelMediaProcessingOperation = Payload<Schemas["CancelMediaProcessingOperation"]>;
type SendDtmfTonesOperation = Payload<Schemas["SendDtmfTonesOperation"]>;
type UpdateRecordingStatusOperation = Payload<Schemas["UpdateRecordingStatusOperation"]>;

// The webhook as the contract describes it: its body and its answers.
type Callback = webhooks["commsNotifications"]["post"];
type CallbackBody = Callback["requestBody"]["content"]["application/json"];
type CallbackStatus = keyof Callback["responses"];

// ---- The schemas the contract references, in ajv --------------------------

interface Contract {
  components: { schemas: Record<string, { $ref: string }> };
  webhooks: Record<string, { post: { requestBody: { content: Record<string, { schema: { $ref: string } }> }; responses: Record<string, unknown> } }>;
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"));
const schemasDir = join(root, "schemas");
const contract = readJson(join(schemasDir, "openapi.json")) as Contract;

// strict, but `type: [string, null]` is how 2020-12 says nullable, and
// `if`/`then` need not repeat `type` (strictRequired and strictTuples stay on).
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, strictTypes: "log" });
// Integer widths: the schemas give the ranges as minimum/maximum too.
ajv.addFormat("int32", true).addFormat("int64", true);
const idOfFile = new Map<string, string>();
for (const file of readdirSync(schemasDir).filter((f) => f.endsWith(".schema.json")).sort()) {
  const schema = readJson(join(schemasDir, file)) as { $id: string };
  ajv.addSchema(schema);
  idOfFile.set(file, schema.$id);
}

/** The validator of a component of the contract (`CommsNotifications`), or of `#/components/schemas/X`. */
function validator<T>(component: string): ValidateFunction<T> {
  const name = component.replace("#/components/schemas/", "");
  const file = contract.components.schemas[name]?.$ref;
  const id = file === undefined ? undefined : idOfFile.get(file);
  const validate = id === undefined ? undefined : ajv.getSchema<T>(id);
  if (validate === undefined) throw new Error(`the contract has no component schema ${name} (${file})`);
  return validate;
}

/** The component whose schema is `<stem>.schema.json`. */
function componentOfStem(stem: string): string {
  const entry = Object.entries(contract.components.schemas).find(([, s]) => s.$ref === `${stem}.schema.json`);
  if (entry === undefined) throw new Error(`no component references ${stem}.schema.json`);
  return entry[0];
}

const isCommsNotifications = validator<CommsNotifications>("CommsNotifications");
const isCall = validator<Call>("Call");
const isCommsOperation = validator<CommsOperation>("CommsOperation");
const isSubscribeToToneOperation = validator<SubscribeToToneOperation>("SubscribeToToneOperation");
const isRequest = validator<SubscribeToToneRequest>("SubscribeToToneRequest");
const isODataError = validator<ODataError>("ODataError");

const errorsOf = (validate: ValidateFunction): string => ajv.errorsText(validate.errors);
const jsonFiles = (dir: string): string[] =>
  readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => join(dir, f));

// ---- Every fixture, read through the generated types -----------------------

/** The tones of a batch: the typed path a bot takes to the key presses. */
function tonesOf(batch: CommsNotifications): Tone[] {
  const tones: Tone[] = [];
  for (const notification of batch.value ?? []) {
    const data = notification.resourceData;
    const entities: unknown[] = Array.isArray(data) ? data : data === null || data === undefined ? [] : [data];
    for (const entity of entities) {
      // resourceData is chosen by @odata.type (if/then in the schema), which
      // the generated types cannot express: narrow with the Call validator.
      if (isCall(entity)) {
        const tone = entity.toneInfo?.tone;
        if (tone !== undefined && tone !== null) tones.push(tone);
      }
    }
  }
  return tones;
}

let read = 0;
let tones = 0;
const readers: Record<string, (data: unknown, file: string) => void> = {
  notifications: (data, file) => {
    if (!isCommsNotifications(data)) return fail(`${file}: ${errorsOf(isCommsNotifications)}`);
    tones += tonesOf(data).length;
  },
  operations: (data, file) => {
    if (!isSubscribeToToneOperation(data)) return fail(`${file}: ${errorsOf(isSubscribeToToneOperation)}`);
    if (!isCommsOperation(data)) return fail(`${file}: ${errorsOf(isCommsOperation)}`);
    const status: string | null | undefined = data.status;
    if (typeof data.id !== "string" || status === undefined) fail(`${file}: no id or status`);
  },
  requests: (data, file) => {
    if (!isRequest(data)) return fail(`${file}: ${errorsOf(isRequest)}`);
    const context: string | null | undefined = data.clientContext;
    if (context !== undefined && context !== null && [...context].length > 256) fail(`${file}: long clientContext`);
  },
  calls: (data, file) => {
    if (!isCall(data)) return fail(`${file}: ${errorsOf(isCall)}`);
    if (data.mediaConfig !== undefined && typeof data.mediaConfig !== "object") fail(`${file}: mediaConfig`);
  },
  errors: (data, file) => {
    if (!isODataError(data)) return fail(`${file}: ${errorsOf(isODataError)}`);
    if (typeof data.error?.code !== "string") fail(`${file}: no error.code`);
  },
};

// Notification batches in other folders read as the documented ones do.
const readBatch = (data: unknown, file: string): void => readers.notifications?.(data, file);
readers["action-notifications"] = readBatch;
readers.collect = readBatch;

// ---- The IVR actions: the file name's prefix names the action --------------

/** A reader that validates with the component's schema, then reads the typed value. */
function typed<T>(component: string, read: (data: T, file: string) => void): (data: unknown, file: string) => void {
  const validate = validator<T>(component);
  return (data, file) => (validate(data) ? read(data, file) : fail(`${file}: ${component}: ${errorsOf(validate)}`));
}

const isString = (value: unknown): value is string => typeof value === "string";
const shortContext = (context: string | null | undefined, file: string): void => {
  if (isString(context) && [...context].length > 256) fail(`${file}: long clientContext`);
};

/**
 * The component of a fixture in an action folder: the `<stem>-<kind>.schema.json`
 * of the contract whose stem is the longest prefix of the file name
 * (`play-prompt-v1-docs.json` is a PlayPromptRequest, `record-v1-docs-200.json`
 * a RecordOperation). The beta `record` action takes recordResponse's body.
 */
function componentOfFixture(file: string, kind: "request" | "operation"): string | undefined {
  let name = file.split("/").pop() ?? "";
  if (kind === "request") name = name.replace(/^record-(?!response-)/, "record-response-");
  const suffix = `-${kind}.schema.json`;
  const stems = Object.values(contract.components.schemas)
    .map((schema) => schema.$ref)
    .filter((ref) => ref.endsWith(suffix))
    .map((ref) => ref.slice(0, -suffix.length));
  const stem = stems.filter((s) => name.startsWith(`${s}-`)).sort((a, b) => b.length - a.length)[0];
  return stem === undefined ? undefined : componentOfStem(`${stem}-${kind}`);
}

let actionRequests = 0;
const requestReaders: Record<string, (data: unknown, file: string) => void> = {
  AnswerRequest: typed<AnswerRequest>("AnswerRequest", (body, file) => {
    if (!(body.acceptedModalities ?? []).every(isString)) fail(`${file}: acceptedModalities`);
    if (typeof body.mediaConfig !== "object" || body.mediaConfig === null) fail(`${file}: no mediaConfig`);
  }),
  RejectRequest: typed<RejectRequest>("RejectRequest", (body, file) => {
    if (!isString(body.reason)) fail(`${file}: no reason`);
  }),
  CreateCallRequest: typed<CreateCallRequest>("CreateCallRequest", (body, file) => {
    if (!isString(body.callbackUri) || (body.targets ?? []).length === 0) fail(`${file}: no callbackUri or targets`);
  }),
  PlayPromptRequest: typed<PlayPromptRequest>("PlayPromptRequest", (body, file) => {
    const prompts = body.prompts ?? [];
    if (prompts.length > 20) fail(`${file}: more than 20 prompts`);
    shortContext(body.clientContext, file);
  }),
  RecordResponseRequest: typed<RecordResponseRequest>("RecordResponseRequest", (body, file) => {
    // stopTones are DTMF characters ("#", "1", "*"), not tone names.
    const stopTones: string[] = body.stopTones ?? [];
    if (stopTones.some((tone) => tone.startsWith("tone"))) fail(`${file}: a tone name among stopTones`);
    shortContext(body.clientContext, file);
  }),
  CancelMediaProcessingRequest: typed<CancelMediaProcessingRequest>("CancelMediaProcessingRequest", (body, file) =>
    shortContext(body.clientContext, file),
  ),
  SendDtmfTonesRequest: typed<SendDtmfTonesRequest>("SendDtmfTonesRequest", (body, file) => {
    const sent: Tone[] = body.tones ?? [];
    if (sent.length === 0) fail(`${file}: no tones`);
  }),
  UpdateRecordingStatusRequest: typed<UpdateRecordingStatusRequest>("UpdateRecordingStatusRequest", (body, file) => {
    if (!isString(body.status)) fail(`${file}: no status`);
  }),
};
readers["action-requests"] = (data, file) => {
  const component = componentOfFixture(file, "request");
  const reader = component === undefined ? undefined : requestReaders[component];
  if (reader === undefined) return fail(`${file}: no reader for its action's request (${component ?? "no schema"})`);
  reader(data, file);
  actionRequests += 1;
};

/** What every operation has: its `@odata.type` names the operation, an id and a status. */
function operationOf(type: string) {
  return (op: Payload<Schemas["CommsOperation"]>, file: string): void => {
    const named = (op["@odata.type"] ?? "").toLowerCase().replace(/^#/, "");
    if (named !== `microsoft.graph.${type.toLowerCase()}`) fail(`${file}: @odata.type is not ${type}`);
    if (!isString(op.id) || op.status === undefined) fail(`${file}: no id or status`);
  };
}

let actionOperations = 0;
const operationReaders: Record<string, (data: unknown, file: string) => void> = {
  PlayPromptOperation: typed<PlayPromptOperation>("PlayPromptOperation", operationOf("playPromptOperation")),
  RecordOperation: typed<RecordOperation>("RecordOperation", (op, file) => {
    operationOf("recordOperation")(op, file);
    // Running: no recording yet (null or absent, never a URL).
    const location: string | null | undefined = op.recordingLocation;
    if (op.status === "running" && isString(location) && location !== "") fail(`${file}: a running recording's location`);
  }),
  CancelMediaProcessingOperation: typed<CancelMediaProcessingOperation>(
    "CancelMediaProcessingOperation",
    operationOf("cancelMediaProcessingOperation"),
  ),
  SendDtmfTonesOperation: typed<SendDtmfTonesOperation>("SendDtmfTonesOperation", (op, file) => {
    operationOf("sendDtmfTonesOperation")(op, file);
    const reason: string | null | undefined = op.completionReason;
    if (op.status === "running" && reason !== undefined && reason !== null) fail(`${file}: a running operation's reason`);
  }),
  UpdateRecordingStatusOperation: typed<UpdateRecordingStatusOperation>(
    "UpdateRecordingStatusOperation",
    operationOf("updateRecordingStatusOperation"),
  ),
};
readers["action-operations"] = (data, file) => {
  const component = componentOfFixture(file, "operation");
  const reader = component === undefined ? undefined : operationReaders[component];
  if (reader === undefined) return fail(`${file}: no reader for its action's operation (${component ?? "no schema"})`);
  // Every typed operation is a commsOperation too.
  if (!isCommsOperation(data)) return fail(`${file}: ${errorsOf(isCommsOperation)}`);
  reader(data, file);
  actionOperations += 1;
};

const fixtures = join(root, "fixtures");
for (const dir of readdirSync(fixtures).sort()) {
  // scenarios/: emulator configuration, checked by the emulator's Rust tests.
  if (dir === "invalid" || dir === "partial" || dir === "scenarios") continue;
  const reader = readers[dir];
  if (reader === undefined) {
    fail(`fixtures/${dir} is not read: add a reader for it`);
    continue;
  }
  for (const file of jsonFiles(join(fixtures, dir))) {
    reader(readJson(file), file);
    read += 1;
  }
}
if (tones < 9) fail(`only ${tones} tones read from fixtures/notifications`);
if (actionRequests < 20 || actionOperations < 7) fail(`only ${actionRequests} action requests and ${actionOperations} operations read`);

// ---- Every fixture of fixtures/invalid/schema/ is refused ------------------

// The one fixture JavaScript cannot refuse: JSON.parse reads 2^63 and the
// schema's maximum 2^63 - 1 as the same double. A TypeScript bot that orders
// by sequenceId should check Number.isSafeInteger (or parse big integers).
const beyondDoubles = new Set(["tone-info/sequence-id-beyond-int64.json"]);

let refused = 0;
const invalid = join(fixtures, "invalid", "schema");
for (const stem of readdirSync(invalid).sort()) {
  const validate = validator(componentOfStem(stem));
  for (const file of jsonFiles(join(invalid, stem))) {
    const data = readJson(file);
    const name = `${stem}/${file.split("/").pop() ?? ""}`;
    if (beyondDoubles.has(name)) {
      const sequenceId = (data as { sequenceId?: unknown }).sequenceId;
      if (typeof sequenceId !== "number" || Number.isSafeInteger(sequenceId)) fail(`${file}: no longer beyond doubles`);
      else console.log(`${name}: passes in JavaScript (2^63 is rounded); Number.isSafeInteger catches it`);
      refused += 1;
    } else if (validate(data)) fail(`${file} passes ${stem}.schema.json`);
    else refused += 1;
  }
}

// ---- The webhook stub: routes and answers from the contract ----------------

const webhook = contract.webhooks["commsNotifications"]?.post;
if (webhook === undefined) throw new Error("the contract has no commsNotifications webhook");
const bodyRef = webhook.requestBody.content["application/json"]?.schema.$ref;
if (bodyRef === undefined) throw new Error("the webhook has no application/json body");
const isCallbackBody = validator<CallbackBody>(bodyRef);
const documented = new Set(Object.keys(webhook.responses));

/** The stub's decision: what the contract says to answer. */
function answer(request: IncomingMessage, body: Buffer): CallbackStatus {
  if (!/^Bearer \S+$/.test(request.headers.authorization ?? "")) return 401; // validate it for real with graph-comms-auth
  const type = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type !== "application/json" && !/^application\/[^/]+\+json$/.test(type)) return 415;
  if (body.length > 1024 * 1024) return 413;
  let data: unknown;
  try {
    data = JSON.parse(body.toString("utf8"));
  } catch {
    return 400;
  }
  if (!isCallbackBody(data)) return 400;
  const received: CallbackBody = data; // typed from here on
  return (received.value ?? []).length > 100 ? 413 : 202;
}

const server = createServer((request: IncomingMessage, response: ServerResponse) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const status = answer(request, Buffer.concat(chunks));
    if (!documented.has(String(status))) fail(`the stub answered ${status}, which the contract does not document`);
    response.writeHead(status).end();
  });
});
await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
const { port } = server.address() as AddressInfo;

async function post(body: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/api/calls`, {
    method: "POST",
    body,
    headers,
    signal: AbortSignal.timeout(5000),
  });
  return response.status;
}

const json = { "Content-Type": "application/json; charset=Windows-1252", Authorization: "Bearer eyJ0eXAiOiJKV1QifQ.e30.c2ln" };
const documentedTone = readFileSync(join(fixtures, "notifications", "documented-tone.json"), "utf8");
const breaking = readFileSync(join(invalid, "comms-notifications", "tone-number.json"), "utf8");
const cases: [string, string, Record<string, string>, number][] = [
  ["the documented tone notification", documentedTone, json, 202],
  ["a body whose tone is a number", breaking, json, 400],
  ["a body that is not JSON", "{", json, 400],
  ["no bearer token", documentedTone, { "Content-Type": "application/json" }, 401],
  ["text/plain", documentedTone, { ...json, "Content-Type": "text/plain" }, 415],
];
try {
  for (const [what, body, headers, expected] of cases) {
    const status = await post(body, headers);
    if (status !== expected) fail(`webhook stub: ${what}: ${status}, expected ${expected}`);
    console.log(`webhook stub: ${what} -> ${status}`);
  }
} finally {
  server.close();
}

console.log(
  `typescript: ${read} fixtures read through the generated types (${tones} tones, ${actionRequests} action requests, ${actionOperations} operations), ${refused} invalid fixtures refused`,
);
if (failures.length > 0) {
  for (const failure of failures) console.error(`FAIL ${failure}`);
  process.exit(1);
}
console.log("typescript: ok");
