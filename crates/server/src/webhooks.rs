//! Webhook delivery: the task every serve node runs over the store's outbox (its webhook
//! channel), which POSTs each due event to its endpoint signed the way Stripe signs
//! (`Verdict-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`), keeps
//! each try's answer, and leaves retries and their back-off to the outbox. Also the checks of
//! an endpoint's URL: http(s) only, and no loopback, private, link-local or otherwise internal
//! address unless the service was started with `--webhooks-allow-private`, checked when the
//! endpoint is saved and again on the address a name resolves to at each delivery (the
//! connection goes to that checked address, so a name cannot resolve elsewhere in between).
//! The client is hyper's own HTTP/1 connection over tokio-rustls (ring, the webpki roots).
//! Never logged or stored in a try: an endpoint's secret. Redirects are not followed.

use crate::mail::report_link;
use crate::state::{AppState, WebhookService};
use crate::store_call::blocking;
use hmac::{Hmac, Mac};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::http::{header, Request, StatusCode};
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use serde_json::Value;
use sha2::Sha256;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio_rustls::TlsConnector;
use url::{Host, Position, Url};
use verdict_store::{rfc3339, ClaimedMessage, Millis, Retry, WebhookTry, MAX_ANSWER_CHARS};

/// The serve flag that lets deliveries reach internal addresses: named in every refusal.
pub const ALLOW_PRIVATE_FLAG: &str = "--webhooks-allow-private";
/// How long one delivery may take, connecting and reading the answer's head included.
pub const DELIVERY_TIMEOUT: Duration = Duration::from_secs(10);
/// How often the delivery task looks for due deliveries.
pub const WEBHOOK_POLL: Duration = Duration::from_secs(1);
/// How long a node holds the deliveries it claimed: far longer than a batch can take (they
/// run at once, each cut at [`DELIVERY_TIMEOUT`]).
pub const WEBHOOK_LEASE: Duration = Duration::from_secs(120);
/// Deliveries claimed at once.
const CLAIM_BATCH: u32 = 10;
/// The longest endpoint URL accepted.
pub const MAX_URL_CHARS: usize = 2000;

/// Why an address is internal, if it is.
pub fn internal_address(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => internal_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => internal_v4(v4),
            None => internal_v6(v6),
        },
    }
}

fn internal_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, ..] = ip.octets();
    if ip.is_loopback() {
        Some("loopback")
    } else if ip.is_private() {
        Some("private")
    } else if ip.is_link_local() {
        Some("link-local")
    } else if ip.is_unspecified() || a == 0 {
        Some("unspecified")
    } else if a == 100 && (64..128).contains(&b) {
        Some("shared (carrier-grade NAT)")
    } else if ip.is_multicast() || ip.is_broadcast() || a >= 240 {
        Some("multicast or reserved")
    } else if ip.is_documentation() || (a == 198 && (b == 18 || b == 19)) || (a == 192 && b == 0) {
        Some("reserved")
    } else {
        None
    }
}

fn internal_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let first = ip.segments()[0];
    if ip.is_loopback() {
        Some("loopback")
    } else if ip.is_unspecified() {
        Some("unspecified")
    } else if first & 0xfe00 == 0xfc00 {
        Some("private (unique local)")
    } else if first & 0xffc0 == 0xfe80 {
        Some("link-local")
    } else if ip.is_multicast() {
        Some("multicast or reserved")
    } else if ip.to_ipv4().is_some() {
        // IPv4-compatible (::a.b.c.d, deprecated) and NAT64 forms reach IPv4 in ways not checked.
        Some("IPv4-compatible")
    } else {
        None
    }
}

fn refusal(host: &str, ip: IpAddr, why: &str) -> String {
    format!(
        "`{host}` is {ip}, a {why} address: webhooks are not delivered inside the service's own network unless it \
         is started with {ALLOW_PRIVATE_FLAG}"
    )
}

/// Checks an endpoint's URL when it is saved: http or https, a host, no credentials, and
/// (unless allowed) not an internal address written as an IP or `localhost`. A name is checked
/// again at each delivery, on what it then resolves to.
pub fn check_url(text: &str, allow_private: bool) -> Result<Url, String> {
    if text.chars().count() > MAX_URL_CHARS {
        return Err(format!("at most {MAX_URL_CHARS} characters"));
    }
    let url = Url::parse(text.trim()).map_err(|e| format!("not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("must be an http:// or https:// URL, not {}://", url.scheme()));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not hold a user name or password: check the signature instead".into());
    }
    let Some(host) = url.host() else { return Err("has no host".into()) };
    if !allow_private {
        let ip = match host {
            Host::Ipv4(v4) => Some(IpAddr::V4(v4)),
            Host::Ipv6(v6) => Some(IpAddr::V6(v6)),
            Host::Domain(name) => {
                let name = name.trim_end_matches('.').to_ascii_lowercase();
                (name == "localhost" || name.ends_with(".localhost")).then_some(IpAddr::V4(Ipv4Addr::LOCALHOST))
            }
        };
        if let Some(ip) = ip {
            if let Some(why) = internal_address(ip) {
                return Err(refusal(&host.to_string(), ip, why));
            }
        }
    }
    Ok(url)
}

/// The address a delivery connects to: the URL's IP, or what its name resolves to now, every
/// resolved address checked (a name with any internal address is refused).
async fn checked_address(url: &Url, allow_private: bool) -> Result<SocketAddr, String> {
    let port = url.port_or_known_default().ok_or("the URL has no port")?;
    let (name, addrs): (String, Vec<SocketAddr>) = match url.host() {
        None => return Err("the URL has no host".into()),
        Some(Host::Ipv4(v4)) => (v4.to_string(), vec![SocketAddr::new(IpAddr::V4(v4), port)]),
        Some(Host::Ipv6(v6)) => (v6.to_string(), vec![SocketAddr::new(IpAddr::V6(v6), port)]),
        Some(Host::Domain(name)) => {
            let found = tokio::time::timeout(DELIVERY_TIMEOUT, tokio::net::lookup_host((name, port)))
                .await
                .map_err(|_| format!("resolving `{name}` timed out"))?
                .map_err(|e| format!("cannot resolve `{name}`: {e}"))?;
            (name.to_owned(), found.collect())
        }
    };
    if !allow_private {
        for addr in &addrs {
            if let Some(why) = internal_address(addr.ip()) {
                return Err(refusal(&name, addr.ip(), why));
            }
        }
    }
    addrs.first().copied().ok_or_else(|| format!("`{name}` resolves to no address"))
}

/// The value of `Verdict-Signature` for `body` sent at `t` (unix seconds).
pub fn signature(secret: &str, t: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("t={t},v1={hex}")
}

/// The body sent: the stored event with the link to the candidate's report added (the base
/// URL is the service's, so it is added when sent rather than stored).
pub fn body_of(app: &AppState, event: &Value) -> Vec<u8> {
    let data = &event["data"];
    let link = match (data["assessment"]["id"].as_str(), data["invitation"]["id"].as_str()) {
        (Some(assessment), Some(invitation)) => Some(report_link(app.hiring.base_url(), assessment, invitation)),
        _ => None,
    };
    let mut event = event.clone();
    if let (Some(link), Some(data)) = (link, event.get_mut("data").and_then(Value::as_object_mut)) {
        data.insert("report_url".into(), link.into());
    }
    serde_json::to_vec(&event).unwrap_or_default()
}

/// What one POST got: the status, or why there was none, and the answer's head.
struct Answer {
    status: Option<u16>,
    error: Option<String>,
    body: String,
}

async fn post(service: &WebhookService, url: &Url, headers: Vec<(&str, String)>, body: Vec<u8>) -> Answer {
    send_json(service, hyper::Method::POST, url, headers, body).await
}

/// A JSON callback (the Judge0 API's PUT of a finished submission) sent as a webhook is: to an
/// address checked at sending, cut at [`DELIVERY_TIMEOUT`]. Ok with the status when a 2xx
/// answered, else why not.
pub(crate) async fn put_json(service: &WebhookService, url: &Url, body: Vec<u8>) -> Result<u16, String> {
    let answer = send_json(service, hyper::Method::PUT, url, Vec::new(), body).await;
    match (answer.status, answer.error) {
        (Some(status), None) => Ok(status),
        (_, Some(error)) => Err(error),
        (None, None) => Err("no answer".into()),
    }
}

async fn send_json(
    service: &WebhookService,
    method: hyper::Method,
    url: &Url,
    headers: Vec<(&str, String)>,
    body: Vec<u8>,
) -> Answer {
    let failed = |error: String| Answer { status: None, error: Some(error), body: String::new() };
    // The whole try, resolving and reading the answer's head included, is cut at the timeout.
    let exchanged = tokio::time::timeout(DELIVERY_TIMEOUT, async {
        let addr = checked_address(url, service.allow_private).await?;
        exchange(service, method, url, addr, headers, body).await
    })
    .await;
    let (status, head, mut error) = match exchanged {
        Err(_) => return failed(format!("no answer within {} s", DELIVERY_TIMEOUT.as_secs())),
        Ok(Err(error)) => return failed(error),
        Ok(Ok(answer)) => answer,
    };
    let body: String = String::from_utf8_lossy(&head).chars().take(MAX_ANSWER_CHARS).collect();
    if !status.is_success() && error.is_none() {
        error = Some(format!("answered {status}: only a 2xx answer counts as delivered"));
    }
    Answer { status: Some(status.as_u16()), error, body }
}

/// One HTTP/1.1 request (POST, or PUT for a Judge0 callback) to the checked address (over TLS for https, the URL's host named for SNI
/// and the certificate): the status, the answer's head, and an error met reading it.
async fn exchange(
    service: &WebhookService,
    method: hyper::Method,
    url: &Url,
    addr: SocketAddr,
    headers: Vec<(&str, String)>,
    body: Vec<u8>,
) -> Result<(StatusCode, Vec<u8>, Option<String>), String> {
    let host = url.host_str().ok_or("the URL has no host")?;
    let authority = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    let mut request = Request::builder()
        .method(method)
        .uri(&url[Position::BeforePath..Position::AfterQuery])
        .header(header::HOST, authority)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::USER_AGENT, "Verdict-Webhooks/1");
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let request = request.body(Full::new(Bytes::from(body))).map_err(|e| format!("cannot make the request: {e}"))?;
    let tcp = TcpStream::connect(addr).await.map_err(|e| format!("cannot connect to {addr}: {e}"))?;
    if url.scheme() == "https" {
        let name = ServerName::try_from(host.trim_start_matches('[').trim_end_matches(']').to_owned())
            .map_err(|e| format!("`{host}` cannot be checked against a certificate: {e}"))?;
        let tls = TlsConnector::from(Arc::clone(&service.tls))
            .connect(name, tcp)
            .await
            .map_err(|e| format!("TLS with {host} failed: {e}"))?;
        send(TokioIo::new(tls), request).await
    } else {
        send(TokioIo::new(tcp), request).await
    }
}

async fn send<S>(io: S, request: Request<Full<Bytes>>) -> Result<(StatusCode, Vec<u8>, Option<String>), String>
where
    S: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(io).await.map_err(|e| format!("cannot speak HTTP: {e}"))?;
    let driver = tokio::spawn(connection);
    let answered = sender.send_request(request).await.map_err(|e| format!("no answer: {e}"));
    let response = match answered {
        Ok(response) => response,
        Err(error) => {
            driver.abort();
            return Err(error);
        }
    };
    let status = response.status();
    // Only the head of the answer is read: a receiver cannot make a try hold more.
    let mut answer = response.into_body();
    let mut head = Vec::new();
    let mut error = None;
    while head.len() < MAX_ANSWER_CHARS * 4 {
        match answer.frame().await {
            None => break,
            Some(Ok(frame)) => {
                if let Ok(data) = frame.into_data() {
                    head.extend_from_slice(&data);
                }
            }
            Some(Err(e)) => {
                error = Some(format!("reading the answer: {e}"));
                break;
            }
        }
    }
    // The connection is not kept: each try connects to the address checked for it.
    driver.abort();
    Ok((status, head, error))
}

/// Tries one claimed delivery and records the try.
async fn deliver(app: &AppState, service: &WebhookService, message: ClaimedMessage) {
    let endpoint = message.recipient.clone();
    let started = Instant::now();
    let at = app.clock.now();
    let answer = match blocking(&app.store, move |s| s.webhook_target(&endpoint)).await {
        Err(error) => Answer {
            status: None,
            error: Some(format!("cannot read the endpoint: {}", error.message)),
            body: String::new(),
        },
        Ok(None) => Answer { status: None, error: Some("the endpoint was deleted".into()), body: String::new() },
        Ok(Some(target)) if !target.enabled => {
            Answer { status: None, error: Some("the endpoint is switched off".into()), body: String::new() }
        }
        Ok(Some(target)) => match check_url(&target.url, service.allow_private) {
            Err(error) => {
                Answer { status: None, error: Some(format!("the endpoint's URL {error}")), body: String::new() }
            }
            Ok(url) => {
                let body = body_of(app, &message.payload);
                let headers = vec![
                    ("Verdict-Signature", signature(&target.secret, at.div_euclid(1000), &body)),
                    ("Verdict-Event", message.payload["id"].as_str().unwrap_or_default().to_owned()),
                    ("Verdict-Delivery", message.id.clone()),
                ];
                post(service, &url, headers, body).await
            }
        },
    };
    let duration_ms = Millis::try_from(started.elapsed().as_millis()).unwrap_or(Millis::MAX);
    let delivered = answer.status.is_some_and(|s| (200..300).contains(&s)) && answer.error.is_none();
    let attempt = WebhookTry { at, status: answer.status, error: answer.error, body: answer.body, duration_ms };
    let (id, token, tries) = (message.id.clone(), message.token.clone(), message.attempts);
    let error = attempt.error.clone().unwrap_or_default();
    match blocking(&app.store, move |s| s.finish_webhook_try(&id, &token, &attempt, delivered)).await {
        Ok(None) => tracing::info!(delivery = %message.id, tries, "webhook delivered"),
        Ok(Some(Retry::At(at))) => {
            tracing::warn!(delivery = %message.id, tries, %error, retry_at = %rfc3339(at), "webhook not delivered")
        }
        Ok(Some(Retry::GaveUp)) => tracing::error!(delivery = %message.id, tries, %error, "webhook failed for good"),
        Ok(Some(Retry::LeaseLost)) => tracing::warn!(delivery = %message.id, "webhook try ended past its lease"),
        Err(stored) => tracing::error!(delivery = %message.id, error = %stored.message, "cannot record a webhook try"),
    }
}

/// One look: claims what is due and delivers it, all at once. How many were claimed.
pub async fn deliver_due(app: &AppState) -> usize {
    let claimed = match blocking(&app.store, |s| s.claim_webhooks(WEBHOOK_LEASE, CLAIM_BATCH)).await {
        Ok(claimed) => claimed,
        Err(error) => {
            tracing::error!(error = %error.message, "cannot claim webhook deliveries");
            return 0;
        }
    };
    let count = claimed.len();
    futures_util::future::join_all(claimed.into_iter().map(|m| deliver(app, &app.webhooks, m))).await;
    count
}

/// Delivers webhooks every [`WEBHOOK_POLL`] (at once again after a full batch) until shutdown.
pub fn start_delivery(app: AppState, mut shutdown: watch::Receiver<bool>) -> tokio::task::JoinHandle<()> {
    if app.webhooks.allow_private {
        tracing::warn!("webhooks may be delivered to loopback and private addresses ({ALLOW_PRIVATE_FLAG})");
    }
    tokio::spawn(async move {
        loop {
            let claimed = deliver_due(&app).await;
            if claimed >= CLAIM_BATCH as usize {
                continue;
            }
            tokio::select! {
                _ = shutdown.changed() => return,
                _ = tokio::time::sleep(WEBHOOK_POLL) => {}
            }
        }
    })
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn internal_addresses_are_named_and_public_ones_pass() {
        for (ip, why) in [
            ("127.0.0.1", "loopback"),
            ("10.1.2.3", "private"),
            ("172.16.0.1", "private"),
            ("192.168.1.1", "private"),
            ("169.254.169.254", "link-local"),
            ("0.0.0.0", "unspecified"),
            ("100.64.0.1", "shared (carrier-grade NAT)"),
            ("::1", "loopback"),
            ("::ffff:127.0.0.1", "loopback"),
            ("fd00::1", "private (unique local)"),
            ("fe80::1", "link-local"),
        ] {
            let parsed: IpAddr = ip.parse().expect("an address");
            assert_eq!(internal_address(parsed), Some(why), "{ip}");
        }
        for ip in ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"] {
            assert_eq!(internal_address(ip.parse().expect("an address")), None, "{ip}");
        }
    }

    #[test]
    fn urls_are_http_and_internal_ones_name_the_flag() {
        assert!(check_url("https://hooks.example.com/verdict", false).is_ok());
        assert!(check_url("ftp://hooks.example.com/", false).expect_err("ftp").contains("http"));
        assert!(check_url("https://u:p@hooks.example.com/", false).is_err());
        for internal in ["http://127.0.0.1:9000/", "http://localhost/", "http://[::1]/", "http://169.254.169.254/"] {
            let error = check_url(internal, false).expect_err(internal);
            assert!(error.contains(ALLOW_PRIVATE_FLAG), "{error}");
            assert!(check_url(internal, true).is_ok(), "{internal} with the flag");
        }
    }

    #[tokio::test]
    async fn a_name_is_checked_on_what_it_resolves_to_when_delivered() {
        // `localhost` resolves through the hosts file, with no network: the check at delivery
        // refuses what it resolves to, whatever was checked when the URL was saved.
        let url = Url::parse("http://localhost:9/hook").expect("a URL");
        let refused = checked_address(&url, false).await.expect_err("loopback");
        assert!(refused.contains(ALLOW_PRIVATE_FLAG) && refused.contains("loopback"), "{refused}");
        let allowed = checked_address(&url, true).await.expect("allowed with the flag");
        assert!(allowed.ip().is_loopback(), "{allowed}");
        let literal = Url::parse("http://10.0.0.1/").expect("a URL");
        assert!(checked_address(&literal, false).await.expect_err("private").contains("private"));
    }

    #[tokio::test]
    async fn an_https_url_speaks_tls_and_never_sends_the_body_in_clear() {
        // A plain-HTTP listener on loopback behind an https:// URL: the try must fail in the TLS
        // handshake, not fall back to plain text.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("address").port();
        let server = tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.expect("accept");
            let mut seen = vec![0_u8; 4096];
            let read = tokio::io::AsyncReadExt::read(&mut stream, &mut seen).await.unwrap_or(0);
            let _ = tokio::io::AsyncWriteExt::write_all(&mut stream, b"HTTP/1.1 200 OK\r\n\r\n").await;
            seen.truncate(read);
            seen
        });
        let url = Url::parse(&format!("https://127.0.0.1:{port}/hook")).expect("a URL");
        let answer = post(&WebhookService::new(true), &url, Vec::new(), b"{\"secret\":1}".to_vec()).await;
        assert_eq!(answer.status, None);
        assert!(answer.error.as_deref().is_some_and(|e| e.contains("TLS")), "{:?}", answer.error);
        let seen = server.await.expect("the listener");
        assert!(!String::from_utf8_lossy(&seen).contains("secret"), "the body never went in clear");
        assert_eq!(seen.first(), Some(&0x16), "a TLS handshake record came first");
    }

    #[test]
    fn the_signature_is_stripes_scheme() {
        // Computed independently: printf '%s' '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
        let signed = signature("whsec_test", 1_700_000_000, br#"{"a":1}"#);
        assert_eq!(signed, "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789");
    }
}
