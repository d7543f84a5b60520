//! The HTTP face: Kaltura's URL forms, parameter decoding, the answer as JSON, and the injected
//! faults applied on the way out.

use super::app::App;
use super::errors;
use super::faults::Fate;
use super::params::{self, Params};
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use bytes::Bytes;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

/// Largest request body accepted (the API takes no uploads here).
const MAX_BODY: usize = 16 * 1024 * 1024;

/// All routes: the Kaltura API forms and the `/sandbox/` control surface. Repeated slashes in
/// a path are collapsed first: a service URL ending in `/` makes Kaltura's Python client ask for
/// `//api_v3/service/...`, which Kaltura serves.
pub fn router(app: Arc<App>) -> Router {
    let routes = Router::new()
        .route("/api_v3/service/{service}/action/{action}", any(with_path))
        .route(
            "/api_v3/index.php/service/{service}/action/{action}",
            any(with_path),
        )
        .route("/api_v3/service/{service}", any(with_service))
        .route("/api_v3/index.php", any(with_params))
        .route("/api_v3/", any(with_params))
        .route("/api_v3", any(with_params))
        .route("/tiny/{id}", any(tiny))
        .merge(super::control::routes())
        .fallback(not_found)
        .with_state(app);
    Router::new()
        .fallback_service(routes)
        .layer(axum::middleware::map_request(collapse_slashes))
}

/// Rewrites `//api_v3//service/x` to `/api_v3/service/x` (the query is kept as it is).
async fn collapse_slashes(mut req: Request) -> Request {
    let path = req.uri().path();
    if !path.contains("//") {
        return req;
    }
    let mut collapsed = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && collapsed.ends_with('/')) {
            collapsed.push(c);
        }
    }
    if let Some(q) = req.uri().query() {
        collapsed.push('?');
        collapsed.push_str(q);
    }
    let mut parts = req.uri().clone().into_parts();
    if let Ok(pq) = collapsed.parse() {
        parts.path_and_query = Some(pq);
        if let Ok(uri) = axum::http::Uri::from_parts(parts) {
            *req.uri_mut() = uri;
        }
    }
    req
}

async fn with_path(
    State(app): State<Arc<App>>,
    Path((service, action)): Path<(String, String)>,
    req: Request,
) -> Response {
    handle(app, Some(service), Some(action), req).await
}

async fn with_service(
    State(app): State<Arc<App>>,
    Path(service): Path<String>,
    req: Request,
) -> Response {
    handle(app, Some(service), None, req).await
}

async fn with_params(State(app): State<Arc<App>>, req: Request) -> Response {
    handle(app, None, None, req).await
}

/// `{service}/tiny/{id}`: Apache's `RedirectMatch permanent ^/tiny/([0-9a-z]{4})$` to the
/// `goto` action (which then redirects to the link's full URL); any other ID is not found.
async fn tiny(Path(id): Path<String>) -> Response {
    if !super::services::short_link::is_tiny_id(&id) {
        return not_found().await;
    }
    let location = format!("/api_v3/index.php?service=shortLink_shortLink&action=goto&id={id}");
    let mut resp = StatusCode::MOVED_PERMANENTLY.into_response();
    if let Ok(v) = HeaderValue::from_str(&location) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    resp
}

/// `shortLink.goto` answered by the HTTP face: `header('Location: …')`, i.e. a 302.
fn is_goto(service: Option<&str>, action: Option<&str>) -> bool {
    let service = service.map(str::to_ascii_lowercase);
    matches!(
        service.as_deref(),
        Some("shortlink_shortlink" | "shortlink")
    ) && action.is_some_and(|a| a.eq_ignore_ascii_case("goto"))
}

fn redirect(location: &str) -> Response {
    let mut resp = StatusCode::FOUND.into_response();
    match HeaderValue::from_str(location) {
        Ok(v) => {
            resp.headers_mut().insert(header::LOCATION, v);
            resp
        }
        Err(_) => server_error(500),
    }
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "not found\n").into_response()
}

/// One Kaltura API request, from faults to answer. It runs in a task of its own so that a
/// client giving up (a timeout, a killed process) does not cancel it half-way: like Kaltura's
/// server, the sandbox finishes a call it has received, so an entry can exist although its
/// creator never saw the answer.
async fn handle(
    app: Arc<App>,
    path_service: Option<String>,
    path_action: Option<String>,
    req: Request,
) -> Response {
    match tokio::spawn(serve(app, path_service, path_action, req)).await {
        Ok(response) => response,
        Err(_) => server_error(500),
    }
}

async fn serve(
    app: Arc<App>,
    path_service: Option<String>,
    path_action: Option<String>,
    req: Request,
) -> Response {
    app.stats.http_request();
    let faults = app.faults.lock().map(|f| f.clone()).unwrap_or_default();
    let query = req.uri().query().map(str::to_string);
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    // The request is read whole before the added latency, so a client that leaves during the
    // delay has still delivered its call.
    let body = match axum::body::to_bytes(req.into_body(), MAX_BODY).await {
        Ok(b) => b,
        Err(_) => return (StatusCode::PAYLOAD_TOO_LARGE, "body too large\n").into_response(),
    };
    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    match faults.draw() {
        Fate::Normal => {}
        Fate::Reset => return reset(),
        Fate::Fail(code) => return server_error(code),
        Fate::NonJson => return html_page(),
    }
    let (answer, xml) = match params::decode(query.as_deref(), content_type.as_deref(), body).await
    {
        Ok(p) => {
            let goto = is_goto(
                path_service
                    .clone()
                    .or_else(|| params::opt_str(&p, "service"))
                    .as_deref(),
                path_action
                    .clone()
                    .or_else(|| params::opt_str(&p, "action"))
                    .as_deref(),
            );
            let answer = answer(&app, path_service, path_action, &p);
            if let (true, Value::String(location)) = (goto, &answer) {
                return redirect(location);
            }
            // format=2 is XML (the Python client's only format); 1 and anything else JSON.
            (
                answer,
                params::opt_str(&p, "format").as_deref() == Some("2"),
            )
        }
        Err(_) => (errors::internal().to_value(), false),
    };
    app.persist().await;
    let bytes = if xml {
        Bytes::from(super::xml::render(&answer))
    } else {
        Bytes::from(serde_json::to_vec(&answer).unwrap_or_else(|_| b"null".to_vec()))
    };
    app.stats.response_bytes(bytes.len());
    shape(bytes, faults.truncate(), faults.slow_body_ms, xml)
}

/// Routes to a single call or a multirequest.
fn answer(
    app: &App,
    path_service: Option<String>,
    path_action: Option<String>,
    p: &Params,
) -> Value {
    let service = path_service.or_else(|| params::opt_str(p, "service"));
    let Some(service) = service else {
        return errors::service_not_specified().to_value();
    };
    if service.eq_ignore_ascii_case("multirequest") {
        return app.multirequest(p);
    }
    let action = path_action.or_else(|| params::opt_str(p, "action"));
    let Some(action) = action else {
        return errors::action_not_specified().to_value();
    };
    app.call(&service, &action, p)
}

fn answer_headers(resp: &mut Response, xml: bool) {
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(if xml {
            "text/xml; charset=utf-8"
        } else {
            "application/json"
        }),
    );
    h.insert("x-me", HeaderValue::from_static("kwebcast-sandbox"));
    // A request ID, as Kaltura's `X-Kaltura-Session` header carries one.
    static REQUEST_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let id = REQUEST_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    if let Ok(v) = HeaderValue::from_str(&id.to_string()) {
        h.insert("x-kaltura-session", v);
    }
}

/// The answer, whole, truncated (full length declared, half sent) or dribbled out slowly.
fn shape(bytes: Bytes, truncate: bool, slow_ms: u64, xml: bool) -> Response {
    let len = bytes.len();
    let mut resp = if truncate {
        // Half the body, a pause so the server flushes it, then a failure that makes the
        // server drop the connection short of the declared length.
        let half = bytes.slice(..len / 2);
        let stream = futures::stream::unfold(0u8, move |state| {
            let half = half.clone();
            async move {
                match state {
                    0 => Some((Ok(half), 1)),
                    1 => {
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        Some((
                            Err(std::io::Error::other("sandbox fault: truncated body")),
                            2,
                        ))
                    }
                    _ => None,
                }
            }
        });
        Response::new(Body::from_stream(stream))
    } else if slow_ms > 0 && len > 0 {
        let pieces = 8.min(len);
        let step = len.div_ceil(pieces);
        let pause = Duration::from_millis(slow_ms / pieces as u64);
        let stream = futures::stream::unfold(0usize, move |at| {
            let bytes = bytes.clone();
            async move {
                if at >= bytes.len() {
                    return None;
                }
                tokio::time::sleep(pause).await;
                let end = (at + step).min(bytes.len());
                Some((Ok::<_, std::io::Error>(bytes.slice(at..end)), end))
            }
        });
        Response::new(Body::from_stream(stream))
    } else {
        Response::new(Body::from(bytes))
    };
    answer_headers(&mut resp, xml);
    if let Ok(v) = HeaderValue::from_str(&len.to_string()) {
        resp.headers_mut().insert(header::CONTENT_LENGTH, v);
    }
    resp
}

/// Closes the connection without an answer: a body that fails before its first byte makes
/// the server drop the connection.
fn reset() -> Response {
    let chunks: Vec<Result<Bytes, std::io::Error>> = vec![Err(std::io::Error::other(
        "sandbox fault: connection reset",
    ))];
    let mut resp = Response::new(Body::from_stream(futures::stream::iter(chunks)));
    resp.headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from_static("64"));
    resp
}

fn server_error(code: u16) -> Response {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = format!(
        "<html><head><title>{status}</title></head><body><h1>{status}</h1></body></html>\n"
    );
    let mut resp = (status, body).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    resp
}

fn html_page() -> Response {
    let body = "<!DOCTYPE html>\n<html><head><title>Service Unavailable</title></head><body><h1>The service is temporarily unavailable</h1><p>Please try again later.</p></body></html>\n";
    let mut resp = (StatusCode::OK, body).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    resp
}
