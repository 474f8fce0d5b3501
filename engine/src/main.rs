//! `crudbench-engine --connect IP:PORT`: reads batches as JSON lines on stdin, answers each
//! with one JSON line on stdout. Exit codes: 0 at end of input, 1 when stdin or stdout
//! fails, 2 for bad arguments.

use std::io::{self, BufRead, Write};
use std::net::SocketAddr;
use std::process::ExitCode;

use crudbench_engine::protocol::{Batch, Rejection};
use crudbench_engine::Engine;

const USAGE: &str = "usage: crudbench-engine --connect IP:PORT\n\
    Reads one JSON batch per line on stdin, writes one JSON answer per line on stdout.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let addr = match parse_args(&args) {
        Ok(addr) => addr,
        Err(problem) => {
            eprintln!("error: {problem}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match serve(Engine::new(addr)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// Only an IP literal and a port: the engine measures one target, never resolves names.
fn parse_args(args: &[String]) -> Result<SocketAddr, String> {
    match args {
        [flag, addr] if flag == "--connect" => addr
            .parse()
            .map_err(|_| format!("--connect wants IP:PORT (like 127.0.0.1:8080), not {addr:?}")),
        _ => Err(format!("unexpected arguments {args:?}")),
    }
}

fn serve(mut engine: Engine) -> io::Result<()> {
    let mut input = io::stdin().lock();
    let mut output = io::stdout().lock();
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        let answer = match Batch::parse(&line) {
            Ok(batch) => serde_json::to_vec(&engine.run(&batch)),
            Err(error) => serde_json::to_vec(&Rejection { batch: None, error }),
        };
        let mut answer = answer.map_err(io::Error::other)?;
        answer.push(b'\n');
        output.write_all(&answer)?;
        output.flush()?;
    }
}
