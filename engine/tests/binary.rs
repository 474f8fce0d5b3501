//! The binary end to end: stdin lines in, stdout lines out, exit codes.

mod support;

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{json, Value};
use support::serve_bytes;

const ENGINE: &str = env!("CARGO_BIN_EXE_crudbench-engine");

#[test]
fn answers_every_line_and_survives_a_bad_one() {
    let server = serve_bytes(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    let mut engine = Command::new(ENGINE)
        .args(["--connect", &server.addr.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let batch = |n: u64| json!({"batch": n, "timeout_ms": 1000, "requests": [{"method": "GET", "path": "/"}]});
    let input = format!(
        "{}\nnot json\n{}\n{}\n",
        batch(7),
        json!({"batch": 8, "timeout_ms": 1000, "requests": [{"method": "GET", "path": "no-slash"}]}),
        batch(9),
    );
    engine
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = engine.wait_with_output().unwrap();
    assert!(output.status.success());

    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["batch"], 7);
    assert_eq!(lines[0]["connections_opened"], 1);
    assert_eq!(lines[0]["results"][0]["body"], "ok");
    assert_eq!(lines[1]["batch"], Value::Null);
    assert!(lines[1]["error"]
        .as_str()
        .unwrap()
        .starts_with("bad request line"));
    assert_eq!(lines[2]["batch"], Value::Null);
    assert!(lines[2]["error"]
        .as_str()
        .unwrap()
        .starts_with("requests[0]: path"));
    // The bad lines did not disturb the connection.
    assert_eq!(lines[3]["batch"], 9);
    assert_eq!(lines[3]["connections_opened"], 0);
    assert_eq!(lines[3]["results"][0]["reused"], true);
}

#[test]
fn bad_arguments_exit_2_with_usage() {
    for args in [
        &[][..],
        &["--connect", "localhost:80"],
        &["--connect", "127.0.0.1"],
        &["--bench", "3"],
    ] {
        let output = Command::new(ENGINE).args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&output.stderr)
            .contains("usage: crudbench-engine --connect IP:PORT"));
        assert!(output.stdout.is_empty());
    }
}
