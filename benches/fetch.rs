//! Ten posting URLs, each answering after 300 ms, on a local server: with the default concurrency
//! they finish in about the time of the slowest, not ten times it.
//!
//!     cargo bench --bench fetch

use std::time::{Duration, Instant};

use certfit::fetch::{self, CacheMode, FetchOptions};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const PAGE: &str = r#"<html><head><script type="application/ld+json">{"@type":"JobPosting","title":"ML Engineer",
"description":"<p>Amazon SageMaker, Amazon Bedrock and RAG.</p>"}</script></head><body></body></html>"#;

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    // Ten servers on ten loopback addresses (127.0.0.1 .. 127.0.0.10): ten hosts, all local.
    let servers: Vec<MockServer> = runtime.block_on(async {
        let mut servers = Vec::new();
        for i in 1..=10 {
            let listener =
                std::net::TcpListener::bind(format!("127.0.0.{i}:0")).expect("loopback address");
            let server = MockServer::builder().listener(listener).start().await;
            Mock::given(method("GET"))
                .respond_with(
                    ResponseTemplate::new(200)
                        .set_body_string(PAGE)
                        .set_delay(Duration::from_millis(300)),
                )
                .mount(&server)
                .await;
            servers.push(server);
        }
        servers
    });
    for (label, hosts) in [("10 URLs, one host", 1), ("10 URLs, 10 hosts", 10)] {
        let urls: Vec<String> = (0..10)
            .map(|i| format!("{}/job/{i}", servers[i % hosts].uri()))
            .collect();
        let opts = FetchOptions {
            cache: CacheMode::Off,
            ..FetchOptions::default()
        };
        let mut times = Vec::new();
        for _ in 0..5 {
            let started = Instant::now();
            let results = fetch::fetch_all(&urls, &opts, &certfit::sink::Silent);
            times.push(started.elapsed());
            assert!(results.iter().all(Result::is_ok), "{results:?}");
        }
        times.sort();
        println!(
            "{label:<20} concurrency {} per host {}: median {:>4} ms, min {:>4} ms (300 ms latency each)",
            opts.concurrency,
            opts.per_host,
            times[2].as_millis(),
            times[0].as_millis()
        );
    }
}
