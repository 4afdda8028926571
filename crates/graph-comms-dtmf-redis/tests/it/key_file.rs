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
    // A key written as text with a newline: 45 bytes (33 are read).
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
fn a_directory_or_a_device_is_not_read() {
    let error = StateKey::from_file(dir("a-directory")).unwrap_err();
    assert_eq!(error.kind(), StateKeyErrorKind::Unreadable);
    assert!(
        error.to_string().contains("a directory or a device"),
        "{error}"
    );
    // The device itself, not 32 bytes of it: refused, never read for ever.
    let error = StateKey::from_file("/dev/urandom").unwrap_err();
    assert_eq!(error.kind(), StateKeyErrorKind::Unreadable);
    assert!(
        error.to_string().contains("head -c 32 /dev/urandom"),
        "{error}"
    );
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_without_waiting_and_a_shell_pipe_is_read() {
    use std::io::Write;
    use std::os::fd::AsRawFd;
    use std::time::Duration;

    let path = dir("fifo").join("state.key");
    let _ = std::fs::remove_file(&path);
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .unwrap();
    assert!(made.success());
    // No writer: opening it would block for ever; it must be refused now.
    let (sender, receiver) = std::sync::mpsc::channel();
    let fifo = path.clone();
    std::thread::spawn(move || {
        let _ = sender.send(StateKey::from_file(&fifo).map(|_| ()));
    });
    let error = receiver
        .recv_timeout(Duration::from_secs(5))
        .expect("from_file blocked on a named pipe")
        .unwrap_err();
    assert_eq!(error.kind(), StateKeyErrorKind::Unreadable);
    assert!(error.to_string().contains("named pipe"), "{error}");

    // A pipe as process substitution gives it (`<(command)`): /dev/fd/N.
    let (reader, mut writer) = std::io::pipe().unwrap();
    writer.write_all(&[0x5A; 32]).unwrap();
    drop(writer);
    let fd_path = format!("/dev/fd/{}", reader.as_raw_fd());
    StateKey::from_file(&fd_path).unwrap();
}

#[test]
fn an_io_error_is_the_source() {
    use std::error::Error;
    let path = dir("source").join("a-file");
    std::fs::write(&path, [0; 32]).unwrap();
    // A path through a regular file: the OS refuses it (not a directory).
    let error = StateKey::from_file(path.join("below")).unwrap_err();
    assert_eq!(error.kind(), StateKeyErrorKind::Unreadable);
    let source = error.source().expect("the I/O error as source");
    assert!(source.downcast_ref::<std::io::Error>().is_some());
}
