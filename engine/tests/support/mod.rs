//! Tiny scripted HTTP servers on 127.0.0.1 for the engine's tests: one thread per
//! connection, reading requests with Content-Length bodies and answering with whatever
//! bytes the test writes.

#![allow(dead_code)] // each test file uses its own part of this module

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

use crudbench_engine::protocol::Batch;
use crudbench_engine::Engine;
use serde_json::{json, Value};

/// A request as the server saw it.
pub struct Received {
    /// 0-based number of the connection, in accept order.
    pub connection: usize,
    /// 0-based number of the request on its connection.
    pub on_connection: usize,
    pub head: String,
    pub body: Vec<u8>,
}

/// What the server does after answering.
pub enum Then {
    KeepOpen,
    Close,
}

pub struct TestServer {
    pub addr: SocketAddr,
    pub accepted: Arc<AtomicUsize>,
}

/// Serves until the test process ends; `respond` writes the answer to each request.
pub fn serve<F>(respond: F) -> TestServer
where
    F: Fn(&Received, &mut TcpStream) -> Then + Send + Sync + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let respond = Arc::new(respond);
    let counter = accepted.clone();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let connection = counter.fetch_add(1, Ordering::SeqCst);
            let respond = respond.clone();
            thread::spawn(move || {
                for on_connection in 0.. {
                    let Some((head, body)) = read_request(&mut stream) else {
                        return;
                    };
                    let received = Received {
                        connection,
                        on_connection,
                        head,
                        body,
                    };
                    if let Then::Close = respond(&received, &mut stream) {
                        return;
                    }
                }
            });
        }
    });
    TestServer { addr, accepted }
}

/// A server that answers every request with the same bytes and keeps the connection.
pub fn serve_bytes(response: &'static [u8]) -> TestServer {
    serve(move |_, stream| {
        let _ = stream.write_all(response);
        Then::KeepOpen
    })
}

fn read_request(stream: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut bytes = Vec::new();
    let mut byte = [0u8; 1];
    while !bytes.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).ok()? == 0 {
            return None;
        }
        bytes.push(byte[0]);
    }
    let head = String::from_utf8(bytes).unwrap();
    let length = head
        .lines()
        .find_map(|line| {
            line.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse().unwrap())
        })
        .unwrap_or(0);
    let mut body = vec![0; length];
    stream.read_exact(&mut body).ok()?;
    Some((head, body))
}

/// Runs one batch in-process and returns its answer as JSON, as stdout would carry it.
pub fn run(engine: &mut Engine, timeout_ms: u64, requests: Value) -> Value {
    let line = json!({"batch": 1, "timeout_ms": timeout_ms, "requests": requests}).to_string();
    let batch = Batch::parse(line.as_bytes()).unwrap();
    serde_json::to_value(engine.run(&batch)).unwrap()
}

pub fn get(path: &str) -> Value {
    json!({"method": "GET", "path": path})
}

/// `n` GETs of `/`.
pub fn gets(n: usize) -> Value {
    Value::Array((0..n).map(|_| get("/")).collect())
}

/// The `reused` flag of each result.
pub fn reused(answer: &Value) -> Vec<bool> {
    answer["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reused"].as_bool().unwrap())
        .collect()
}

pub fn causes(answer: &Value) -> Vec<&str> {
    let results = answer["results"].as_array().unwrap();
    results
        .iter()
        .map(|r| r["cause"].as_str().unwrap_or("ok"))
        .collect()
}
