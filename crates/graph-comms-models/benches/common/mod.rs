//! The batches the decode benchmarks read, shared by `decode` (criterion,
//! one line at a time) and `decode_ratios` (the lines interleaved, for their
//! ratios).

/// The 17 wire names, in declaration order.
const TONES: [&str; 17] = [
    "tone0", "tone1", "tone2", "tone3", "tone4", "tone5", "tone6", "tone7", "tone8", "tone9",
    "star", "pound", "a", "b", "c", "d", "flash",
];

/// The documented notification repeated `n` times, sequenceId 1..=n, tones
/// cycling through all 17 values, compact JSON (n = 1000: 313,961 bytes).
pub fn batch(n: usize) -> Vec<u8> {
    let mut out =
        String::from(r##"{"@odata.type":"#microsoft.graph.commsNotifications","value":["##);
    for i in 1..=n {
        if i > 1 {
            out.push(',');
        }
        out.push_str(&format!(
            concat!(
                r##"{{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","##,
                r##""resourceUrl":"/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896","##,
                r##""resourceData":{{"@odata.type":"#microsoft.graph.call","state":"established","##,
                r##""toneInfo":{{"@odata.type":"#microsoft.graph.toneInfo","sequenceId":{},"tone":"{}"}}}}}}"##
            ),
            i,
            TONES[(i - 1) % 17]
        ));
    }
    out.push_str("]}");
    out.into_bytes()
}

/// 1,000 notifications of an IVR bot's traffic, compact JSON: half tones,
/// half finished operations of every action (the documented shapes:
/// playPrompt with a resultInfo, a completed and a cancelled recording with
/// their token, the three sendDtmfTones outcomes, cancelMediaProcessing,
/// updateRecordingStatus), each operation with its own id. Returns the bytes,
/// the number of tones and the number of operation events.
pub fn mixed_batch(n: usize) -> (Vec<u8>, usize, usize) {
    const CALL: &str = "57dab8b1-894c-409a-b240-bd8beae78896";
    let operations = [
        r##""@odata.type":"#microsoft.graph.playPromptOperation","@odata.etag":"W/\"54451\"","resultInfo":{"@odata.type":"#microsoft.graph.resultInfo","code":200,"subcode":0,"message":"Action completed successfully."},"clientContext":"d45324c1-fcb5-430a-902c-f20af696537c","status":"completed""##,
        r##""@odata.type":"#microsoft.graph.recordOperation","clientContext":"d45324c1-fcb5-430a-902c-f20af696537c","status":"completed","resultInfo":{"@odata.type":"#microsoft.graph.resultInfo","code":200,"subcode":8515,"message":"Action completed, max record duration reached."},"recordingLocation":"https://file.location/17e3b46c-f61d-4f4d-9635-c626ef18e6ad","recordingAccessToken":"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl""##,
        r##""@odata.type":"#microsoft.graph.recordOperation","clientContext":"d45324c1-fcb5-430a-902c-f20af696537c","status":"failed","resultInfo":{"@odata.type":"#microsoft.graph.resultInfo","code":400,"subcode":8508,"message":"Action failed, the operation was cancelled."},"recordingLocation":"","recordingAccessToken":"","completionReason":"operationCanceled""##,
        r##""@odata.type":"#microsoft.graph.sendDtmfTonesOperation","status":"completed","completionReason":"completedSuccessfully","clientContext":"e0be71f1-a14f-4cec-b65a-e7aba5db7c53""##,
        r##""@odata.type":"#microsoft.graph.sendDtmfTonesOperation","status":"completed","completionReason":"mediaOperationCanceled","clientContext":"e0be71f1-a14f-4cec-b65a-e7aba5db7c53""##,
        r##""@odata.type":"#microsoft.graph.sendDtmfTonesOperation","status":"completed","completionReason":"unknown","clientContext":"e0be71f1-a14f-4cec-b65a-e7aba5db7c53""##,
        r##""@odata.type":"#microsoft.graph.cancelMediaProcessingOperation","status":"completed","clientContext":"c2a1f7b3""##,
        r##""@odata.type":"#microsoft.graph.updateRecordingStatusOperation","status":"completed","clientContext":"clientContext-value""##,
    ];
    let mut out =
        String::from(r##"{"@odata.type":"#microsoft.graph.commsNotifications","value":["##);
    let (mut tones, mut events) = (0, 0);
    for i in 1..=n {
        if i > 1 {
            out.push(',');
        }
        if i % 2 == 0 {
            tones += 1;
            out.push_str(&format!(
                concat!(
                    r##"{{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","##,
                    r##""resourceUrl":"/communications/calls/{}","##,
                    r##""resourceData":{{"@odata.type":"#microsoft.graph.call","state":"established","##,
                    r##""toneInfo":{{"@odata.type":"#microsoft.graph.toneInfo","sequenceId":{},"tone":"{}"}}}}}}"##
                ),
                CALL,
                i,
                TONES[(i / 2) % 17]
            ));
        } else {
            events += 1;
            out.push_str(&format!(
                concat!(
                    r##"{{"@odata.type":"#microsoft.graph.commsNotification","changeType":"deleted","##,
                    r##""resourceUrl":"/communications/calls/{}/operations/0fe0623f-d628-42ed-b4bd-{:012x}","##,
                    r##""resourceData":{{{}}}}}"##
                ),
                CALL,
                i,
                operations[(i / 2) % operations.len()]
            ));
        }
    }
    out.push_str("]}");
    (out.into_bytes(), tones, events)
}
