//! Response framing: how the engine finds where each response ends, and what it rejects.

mod support;

use std::io::Write;
use std::sync::mpsc;
use std::sync::Mutex;
use std::thread::sleep;
use std::time::Duration;

use crudbench_engine::Engine;
use serde_json::json;
use support::{causes, get, gets, run, serve, serve_bytes, Then};

#[test]
fn fixed_length_body_with_headers_in_order() {
    let (seen_tx, seen_rx) = mpsc::channel();
    let seen_tx = Mutex::new(seen_tx);
    let server = serve(move |request, stream| {
        seen_tx
            .lock()
            .unwrap()
            .send((request.head.clone(), request.body.clone()))
            .unwrap();
        let body = r#"{"id":1,"title":"x"}"#;
        let head = format!(
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nLocation: /tasks/1\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        stream
            .write_all(format!("{head}{body}").as_bytes())
            .unwrap();
        Then::KeepOpen
    });
    let mut engine = Engine::new(server.addr);
    let request = json!({"method": "POST", "path": "/tasks", "headers": [["content-type", "application/json"]], "body": "{\"title\":\"x\"}"});
    let answer = run(&mut engine, 1000, json!([request]));

    let result = &answer["results"][0];
    assert_eq!(result["ok"], true);
    assert_eq!(result["status"], 201);
    assert_eq!(
        result["headers"],
        json!([
            ["content-type", "application/json"],
            ["location", "/tasks/1"],
            ["content-length", "20"]
        ])
    );
    assert_eq!(result["body"], r#"{"id":1,"title":"x"}"#);
    assert_eq!(result["reused"], false);
    assert!(result["elapsed_ns"].as_u64().unwrap() > 0);

    let (head, body) = seen_rx.recv().unwrap();
    let expected_head = format!(
        "POST /tasks HTTP/1.1\r\nHost: {}\r\ncontent-type: application/json\r\nContent-Length: 13\r\n\r\n",
        server.addr
    );
    assert_eq!(head, expected_head);
    assert_eq!(body, b"{\"title\":\"x\"}");
}

#[test]
fn chunked_body_with_extensions_and_trailer() {
    let server = serve(|_, stream| {
        // Separate writes, so the engine meets the body split across reads.
        let pieces: [&[u8]; 5] = [
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
            b"5;ext=1\r\n[1,2,\r\n",
            b"3\r\n3,4\r\n4;a=\"b c\"\r\n,5,6\r\n1\r\n]\r\n",
            b"0\r\n",
            b"X-Checksum: abc\r\n\r\n",
        ];
        for piece in pieces {
            stream.write_all(piece).unwrap();
            sleep(Duration::from_millis(5));
        }
        Then::KeepOpen
    });
    let mut engine = Engine::new(server.addr);
    let answer = run(&mut engine, 1000, gets(2));
    assert_eq!(causes(&answer), ["ok", "ok"]);
    assert_eq!(answer["results"][0]["body"], "[1,2,3,4,5,6]");
    assert_eq!(answer["results"][1]["body"], "[1,2,3,4,5,6]");
    assert_eq!(answer["connections_opened"], 1);
}

#[test]
fn no_body_for_204_304_and_head() {
    // Each announces a length it does not send: waiting for it would time out, and
    // reading the next response as this one's body would shift every answer after it.
    let server = serve(|request, stream| {
        let response: &[u8] = match request.on_connection {
            0 => b"HTTP/1.1 204 No Content\r\n\r\n",
            1 => b"HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n",
            2 => b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n",
            _ => b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
        };
        stream.write_all(response).unwrap();
        Then::KeepOpen
    });
    let mut engine = Engine::new(server.addr);
    let head = json!({"method": "HEAD", "path": "/"});
    let answer = run(
        &mut engine,
        500,
        json!([get("/"), get("/"), head, get("/")]),
    );
    assert_eq!(causes(&answer), ["ok", "ok", "ok", "ok"]);
    let statuses: Vec<_> = (0..4)
        .map(|i| answer["results"][i]["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [204, 304, 200, 200]);
    assert_eq!(answer["results"][2]["body"], "");
    assert_eq!(answer["results"][3]["body"], "ok");
    assert_eq!(answer["connections_opened"], 1);
}

#[test]
fn interim_100_continue_is_skipped() {
    let server =
        serve_bytes(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    let answer = run(&mut Engine::new(server.addr), 500, gets(1));
    assert_eq!(answer["results"][0]["status"], 200);
    assert_eq!(answer["results"][0]["body"], "ok");
}

#[test]
fn garbage_instead_of_http_is_malformed() {
    let server = serve_bytes(b"SSH-2.0-OpenSSH_9.2\r\n\r\n");
    let answer = run(&mut Engine::new(server.addr), 500, gets(2));
    assert_eq!(causes(&answer), ["malformed", "malformed"]);
    // A failed request drops its connection: the second one opened a new one.
    assert_eq!(answer["connections_opened"], 2);
    assert_eq!(server.accepted.load(std::sync::atomic::Ordering::SeqCst), 2);
}

#[test]
fn invalid_framing_is_malformed() {
    for response in [
        &b"HTTP/1.1 200 OK\r\nContent-Length: 2x\r\n\r\nok"[..],
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok",
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokay\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n",
    ] {
        let server = serve_bytes(response);
        let answer = run(&mut Engine::new(server.addr), 500, gets(1));
        assert_eq!(causes(&answer), ["malformed"], "{}", String::from_utf8_lossy(response));
    }
}

#[test]
fn leftover_bytes_after_a_response_are_malformed() {
    let server = serve_bytes(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n");
    let answer = run(&mut Engine::new(server.addr), 500, gets(1));
    assert_eq!(causes(&answer), ["malformed"]);
    assert!(answer["results"][0]["message"]
        .as_str()
        .unwrap()
        .contains("17 bytes after"));
}

#[test]
fn body_shorter_than_content_length_then_close() {
    let server = serve(|_, stream| {
        stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort")
            .unwrap();
        Then::Close
    });
    let answer = run(&mut Engine::new(server.addr), 1000, gets(1));
    assert_eq!(causes(&answer), ["length-mismatch"]);
    assert_eq!(
        answer["results"][0]["message"],
        "server closed the connection after 5 of 10 body bytes"
    );
}

#[test]
fn body_until_close_without_length() {
    let server = serve(|_, stream| {
        stream
            .write_all(b"HTTP/1.1 200 OK\r\n\r\nall of it")
            .unwrap();
        Then::Close
    });
    let answer = run(&mut Engine::new(server.addr), 1000, gets(2));
    assert_eq!(causes(&answer), ["ok", "ok"]);
    assert_eq!(answer["results"][1]["body"], "all of it");
    assert_eq!(answer["connections_opened"], 2);
}

#[test]
fn body_that_is_not_utf8() {
    let server = serve_bytes(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n\xff\xfe");
    let answer = run(&mut Engine::new(server.addr), 500, gets(1));
    assert_eq!(causes(&answer), ["invalid-utf8"]);
}

#[test]
fn body_larger_than_the_read_buffer() {
    static BIG: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let body = "x".repeat(200_000);
    let big = BIG.get_or_init(|| {
        format!("HTTP/1.1 200 OK\r\nContent-Length: 200000\r\n\r\n{body}").into_bytes()
    });
    let server = serve_bytes(big);
    let answer = run(&mut Engine::new(server.addr), 1000, gets(2));
    assert_eq!(causes(&answer), ["ok", "ok"]);
    assert_eq!(
        answer["results"][1]["body"].as_str().unwrap().len(),
        200_000
    );
}
