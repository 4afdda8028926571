//! The scenario-file check (feature `scenario`).

use graph_comms_emulator::scenario::{CallRecord, CallerAction, Scenario};
use serde_json::Value;

/// Scenario files: reading never panics. What reads writes back
/// ([`Scenario::to_json`]) and reads to the same scenario, its keys'
/// `Debug` and `Display` are redacted, and judging a call never panics. An
/// error's message has no control character and quotes no key sequence of
/// the input (any four keys of a DTMF-only string from `*` or `#` on: fixed
/// text never has one) and no long number of it.
pub fn scenario(data: &[u8]) {
    match Scenario::from_slice(data) {
        Ok(scenario) => {
            let written = scenario.to_json();
            let again = Scenario::from_json(&written).expect("what we write reads back");
            assert!(
                again == scenario,
                "read → write → read changed the scenario"
            );
            for (index, call) in scenario.calls.iter().enumerate() {
                for step in &call.steps {
                    if let CallerAction::Press(press) = &step.action {
                        assert!(
                            format!("{:?}", press.keys).contains("redacted")
                                && press.keys.to_string().contains("redacted"),
                            "keys shown in clear"
                        );
                    }
                }
                let _ = scenario
                    .expectations_for(index)
                    .evaluate(index, &CallRecord::default());
            }
        }
        Err(err) => {
            let message = err.to_string();
            assert!(
                !message.chars().any(char::is_control),
                "a control character in an error"
            );
            // The path names properties, which may be anything: only the
            // rest of the message must not quote a value.
            let message = message.replace(err.path(), "");
            let Ok(value) = serde_json::from_slice::<Value>(data) else {
                return;
            };
            let mut scalars = Vec::new();
            collect_scalars(&value, &mut scalars);
            for scalar in scalars {
                assert!(
                    !quotes(&message, &scalar),
                    "an error quotes a value of the input"
                );
            }
        }
    }
}

/// Whether `message` holds a telling piece of `scalar`: four keys from a
/// `*` or `#` on when the scalar is DTMF keys only, nine digits of a number.
fn quotes(message: &str, scalar: &str) -> bool {
    let chars: Vec<char> = scalar.chars().collect();
    let keys_only = chars.len() >= 4 && chars.iter().all(|c| "0123456789*#ABCDabcd".contains(*c));
    let digits_only = chars.len() >= 9 && chars.iter().all(char::is_ascii_digit);
    if digits_only {
        return message.contains(scalar);
    }
    keys_only
        && chars
            .windows(4)
            .filter(|w| w[0] == '*' || w[0] == '#')
            .any(|w| message.contains(&w.iter().collect::<String>()))
}

fn collect_scalars(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(text) => out.push(text.clone()),
        Value::Number(number) => out.push(number.to_string()),
        Value::Array(items) => items.iter().for_each(|v| collect_scalars(v, out)),
        Value::Object(members) => members.values().for_each(|v| collect_scalars(v, out)),
        _ => {}
    }
}
