//! Reading the state key from a file: errors that say what is wrong and how
//! to make one, never the file's bytes.

use graph_comms_dtmf_redis::{StateKey, StateKeyErrorKind};
use std::path::PathBuf;

fn dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dtmf-redis-key-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_file_of_32_raw_bytes_is_a_key() {
    let path = dir("good").join("state.key");
    std::fs::write(&path, [0xC3; 32]).unwrap();
    let key = StateKey::from_file(&path).unwrap();
    assert_eq!(format!("{key:?}"), "StateKey(<redacted>)");
}

#[test]
fn a_missing_file_says_how_to_make_one() {
    let path = dir("missing").join("state.key");
    let error = StateKey::from_file(&path).unwrap_err();
    assert_eq!(error.kind(), StateKeyErrorKind::Missing);
    let text = error.to_string();
    assert!(
        text.contains("does not exist") && text.contains("head -c 32 /dev/urandom"),
        "{text}"
    );
    assert!(text.contains("state.key"), "{text}");
}

#[test]
fn a_file_of_the_wrong_size_says_its_size_never_its_bytes() {
    let path = dir("size").join("state.key");
    // A key written as text with a newline: 45 bytes.
    std::fs::write(&path, "SECRETSECRETSECRETSECRETSECRETSECRETSECRET12\n").unwrap();
    let error = StateKey::from_file(&path).unwrap_err();
    assert_eq!(error.kind(), StateKeyErrorKind::WrongSize);
    let text = format!("{error} {error:?}");
    assert!(
        text.contains("holds 45 bytes") && text.contains("newline"),
        "{text}"
    );
    assert!(!text.contains("SECRET"), "{text}");

    std::fs::write(&path, [1u8; 16]).unwrap();
    let text = StateKey::from_file(&path).unwrap_err().to_string();
    assert!(
        text.contains("holds 16 bytes, not exactly 32") && !text.contains("newline"),
        "{text}"
    );
}

#[test]
fn a_directory_is_unreadable() {
    let error = StateKey::from_file(dir("a-directory")).unwrap_err();
    assert_eq!(error.kind(), StateKeyErrorKind::Unreadable);
    assert!(error.to_string().contains("cannot be read"), "{error}");
}
