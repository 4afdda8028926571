//! Properties of `graph_comms_cli::run`, in process: whatever the input, an
//! exit code of 0, 1 or 2 (a panic fails the test), and JSON of the promised
//! shape.

use proptest::prelude::*;

fn run(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let mut args = args.to_vec();
    args.insert(0, "graph-comms");
    let code = graph_comms_cli::run(
        args,
        &mut &*stdin,
        &mut anstream::StripStream::new(&mut stdout),
        &mut anstream::StripStream::new(&mut stderr),
    );
    (
        code,
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

const TONES: [&str; 18] = [
    "tone0", "tone1", "tone2", "tone3", "tone4", "tone5", "tone6", "tone7", "tone8", "tone9",
    "star", "pound", "a", "b", "c", "d", "flash", "tone42",
];

/// A callback body with the given (call, sequence id, tone) key presses.
fn body(presses: &[(u8, i64, usize)]) -> String {
    let value: Vec<serde_json::Value> = presses
        .iter()
        .map(|&(call, sequence_id, tone)| {
            serde_json::json!({
                "resourceUrl": format!("/communications/calls/call-{call}"),
                "resourceData": {"@odata.type": "#microsoft.graph.call",
                                 "toneInfo": {"sequenceId": sequence_id, "tone": TONES[tone % TONES.len()]}}
            })
        })
        .collect();
    serde_json::json!({ "value": value }).to_string()
}

fn presses() -> impl Strategy<Value = Vec<(u8, i64, usize)>> {
    prop::collection::vec((0u8..3, -2i64..12, 0usize..18), 0..24)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_bytes_exit_0_1_or_2(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        for args in [
            &["decode"][..],
            &["decode", "--format", "json"],
            &["check", "--body", "-"],
            &["check", "--body", "-", "--path", "/app/calls/x/subscribeToTone", "--format", "json"],
            &["collect", "-"],
        ] {
            let (code, _, _) = run(args, &bytes);
            prop_assert!((0..=2).contains(&code), "{args:?}: {code}");
        }
    }

    #[test]
    fn any_path_exits_0_1_or_2(path in "\\PC{0,80}") {
        let (code, stdout, _) = run(&["check", "--path", &path, "--format", "json"], b"");
        prop_assert!((0..=2).contains(&code));
        if code != 2 {
            let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
            let diagnostics = json["diagnostics"].as_array().expect("diagnostics");
            prop_assert_eq!(code == 1, diagnostics.iter().any(|d| d["severity"] == "error"));
        }
    }

    /// decode lists every tone event, in input order, with its wire name.
    #[test]
    fn decode_lists_the_tones_in_order(presses in presses()) {
        let (code, stdout, stderr) = run(&["decode", "--format", "json"], body(&presses).as_bytes());
        prop_assert_eq!(code, 0, "{}", stderr);
        let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
        prop_assert_eq!(json["notifications"].as_u64(), Some(presses.len() as u64));
        let expected: Vec<serde_json::Value> = presses
            .iter()
            .map(|&(call, sequence_id, tone)| serde_json::json!({
                "callId": format!("call-{call}"), "sequenceId": sequence_id, "tone": TONES[tone]
            }))
            .collect();
        prop_assert_eq!(&json["tones"], &serde_json::Value::Array(expected));
        prop_assert_eq!(&json["errors"], &serde_json::json!([]));
    }

    /// collect gives, per collection, a known call, digits from the key
    /// alphabet, and a kebab-case reason; nothing else.
    #[test]
    fn collect_json_has_the_promised_shape(
        batches in prop::collection::vec(presses(), 1..4),
        max_digits in 1u16..6,
    ) {
        let dir = std::env::temp_dir().join(format!("graph-comms-cli-props-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let mut files = Vec::new();
        for (i, presses) in batches.iter().enumerate() {
            let file = dir.join(format!("{i}.json"));
            std::fs::write(&file, body(presses)).expect("write");
            files.push(format!("{}@+{}ms", file.display(), 700 * i));
        }
        let max = max_digits.to_string();
        let mut args = vec!["collect", "--format", "json", "--max-digits", &max];
        args.extend(files.iter().map(String::as_str));
        let (code, stdout, stderr) = run(&args, b"");
        let _ = std::fs::remove_dir_all(&dir);
        prop_assert_eq!(code, 0, "{}", stderr);
        let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
        let object = json.as_object().expect("an object");
        prop_assert_eq!(object.keys().collect::<Vec<_>>(), ["calls"]);
        let reasons = graph_comms_dtmf::CompletionReason::ALL.map(|r| r.as_str());
        for call in json["calls"].as_array().expect("calls") {
            let call = call.as_object().expect("an object");
            prop_assert_eq!(call.keys().collect::<Vec<_>>(), ["callId", "digits", "firstKeyMs", "reason"]);
            prop_assert!(call["callId"].as_str().expect("a string").starts_with("call-"));
            let digits = call["digits"].as_str().expect("a string");
            prop_assert!(digits.len() <= usize::from(max_digits));
            prop_assert!(digits.chars().all(|c| "0123456789*#ABCD".contains(c)), "{}", digits);
            prop_assert!(reasons.contains(&call["reason"].as_str().expect("a string")));
        }
    }
}
