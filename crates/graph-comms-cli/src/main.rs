//! `graph-comms`: see the crate docs of `graph_comms_cli` and `graph-comms --help`.

fn main() {
    let code = graph_comms_cli::run(
        std::env::args_os(),
        &mut std::io::stdin().lock(),
        &mut anstream::stdout().lock(),
        &mut anstream::stderr().lock(),
    );
    std::process::exit(code);
}
