//! Connection lifecycle: keep-alive reuse, reconnects, deadlines.

mod support;

use std::io::Write;
use std::net::TcpListener;
use std::sync::atomic::Ordering;
use std::thread::sleep;
use std::time::{Duration, Instant};

use crudbench_engine::protocol::Batch;
use crudbench_engine::Engine;
use serde_json::json;
use support::{causes, gets, reused, run, serve, serve_bytes, Then};

const OK: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

#[test]
fn keep_alive_carries_a_whole_batch_and_the_next() {
    let server = serve_bytes(OK);
    let mut engine = Engine::new(server.addr);

    let first = run(&mut engine, 1000, gets(5));
    assert_eq!(causes(&first), ["ok"; 5]);
    assert_eq!(reused(&first), [false, true, true, true, true]);
    assert_eq!(first["connections_opened"], 1);

    let second = run(&mut engine, 1000, gets(3));
    assert_eq!(reused(&second), [true, true, true]);
    assert_eq!(second["connections_opened"], 0);
    assert_eq!(server.accepted.load(Ordering::SeqCst), 1);
}

#[test]
fn server_closing_mid_batch_fails_one_request_and_the_next_reconnects() {
    // The first connection answers one request, then closes instead of answering the second.
    let server = serve(|request, stream| {
        if request.connection == 0 && request.on_connection == 1 {
            return Then::Close;
        }
        stream.write_all(OK).unwrap();
        Then::KeepOpen
    });
    let mut engine = Engine::new(server.addr);
    let answer = run(&mut engine, 1000, gets(4));
    assert_eq!(causes(&answer), ["ok", "closed", "ok", "ok"]);
    assert_eq!(reused(&answer), [false, true, false, true]);
    assert_eq!(answer["connections_opened"], 2);
}

#[test]
fn server_closing_mid_body_is_closed() {
    let server = serve(|_, stream| {
        stream
            .write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab")
            .unwrap();
        Then::Close
    });
    let answer = run(&mut Engine::new(server.addr), 1000, gets(1));
    assert_eq!(causes(&answer), ["closed"]);
}

#[test]
fn connection_close_from_the_server_is_honoured() {
    // The server would close right after answering; sending on that connection again
    // would race its close, so the engine must reconnect for the next request.
    let server = serve(|_, stream| {
        stream
            .write_all(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")
            .unwrap();
        sleep(Duration::from_millis(50));
        Then::Close
    });
    let answer = run(&mut Engine::new(server.addr), 1000, gets(3));
    assert_eq!(causes(&answer), ["ok", "ok", "ok"]);
    assert_eq!(reused(&answer), [false, false, false]);
    assert_eq!(answer["connections_opened"], 3);
}

#[test]
fn idle_connection_closed_between_batches_is_replaced_before_the_clock() {
    // Like a server's keep-alive timeout firing while Node judges the previous batch.
    let server = serve(|_, stream| {
        stream.write_all(OK).unwrap();
        Then::Close
    });
    let mut engine = Engine::new(server.addr);
    assert_eq!(causes(&run(&mut engine, 1000, gets(1))), ["ok"]);
    sleep(Duration::from_millis(50));
    let next = run(&mut engine, 1000, gets(1));
    assert_eq!(causes(&next), ["ok"]);
    assert_eq!(reused(&next), [false]);
    assert_eq!(next["connections_opened"], 1);
}

#[test]
fn stalled_server_times_out_near_the_deadline() {
    let server = serve(|_, _| {
        sleep(Duration::from_secs(5));
        Then::Close
    });
    let started = Instant::now();
    let answer = run(&mut Engine::new(server.addr), 300, gets(2));
    assert_eq!(causes(&answer), ["timeout", "timeout"]);
    assert_eq!(
        answer["results"][0]["message"],
        "no complete response within 300 ms"
    );
    for result in answer["results"].as_array().unwrap() {
        let elapsed_ms = result["elapsed_ns"].as_u64().unwrap() / 1_000_000;
        assert!((300..500).contains(&elapsed_ms), "elapsed {elapsed_ms} ms");
    }
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[test]
fn a_batch_stops_after_the_failures_in_a_row_it_was_allowed() {
    let server = serve(|_, _| {
        sleep(Duration::from_secs(5));
        Then::Close
    });
    let line =
        json!({"batch": 1, "timeout_ms": 200, "stop_after_failures": 2, "requests": gets(50)})
            .to_string();
    let started = Instant::now();
    let answer =
        serde_json::to_value(Engine::new(server.addr).run(&Batch::parse(line.as_bytes()).unwrap()))
            .unwrap();
    // Two timeouts, not fifty: the rest of the batch is never sent.
    assert_eq!(causes(&answer), ["timeout", "timeout"]);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn trickling_server_cannot_stretch_the_deadline() {
    // A byte at once, another at 250 ms, then silence: a read that waited its own full
    // timeout after the second byte would end near 550 ms, not at the 300 ms deadline.
    let server = serve(|_, stream| {
        let _ = stream.write_all(b"H");
        sleep(Duration::from_millis(250));
        let _ = stream.write_all(b"T");
        sleep(Duration::from_secs(5));
        Then::Close
    });
    let answer = run(&mut Engine::new(server.addr), 300, gets(1));
    assert_eq!(causes(&answer), ["timeout"]);
    let elapsed_ms = answer["results"][0]["elapsed_ns"].as_u64().unwrap() / 1_000_000;
    assert!((300..500).contains(&elapsed_ms), "elapsed {elapsed_ms} ms");
}

#[test]
fn nothing_listening_is_connect() {
    let addr = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let answer = run(&mut Engine::new(addr), 500, gets(2));
    assert_eq!(causes(&answer), ["connect", "connect"]);
    assert_eq!(reused(&answer), [false, false]);
    assert_eq!(answer["connections_opened"], 0);
}
