//! `graph-comms`: see the crate docs of `graph_comms_cli` and `graph-comms --help`.

use std::io::{IsTerminal, Read, Write};

fn main() {
    let stdin = std::io::stdin();
    let at_terminal = stdin.is_terminal();
    let mut stdin = Hinted {
        inner: stdin.lock(),
        hint: at_terminal,
    };
    let code = graph_comms_cli::run(
        std::env::args_os(),
        &mut stdin,
        &mut anstream::stdout().lock(),
        &mut anstream::stderr().lock(),
    );
    std::process::exit(code);
}

/// Stdin that, when it is a terminal, says on stderr what it waits for the
/// first time it is read (`graph-comms decode` with no file would otherwise
/// sit silent).
struct Hinted<R> {
    inner: R,
    hint: bool,
}

impl<R: Read> Read for Hinted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if std::mem::take(&mut self.hint) {
            let _ = writeln!(
                std::io::stderr(),
                "reading a body from stdin: paste it, then press Ctrl-D (Ctrl-Z, Enter on \
                 Windows), or give a file name instead"
            );
        }
        self.inner.read(buf)
    }
}
