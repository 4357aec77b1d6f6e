//! The transport's edges, through real fetch: no answer at all, a gateway
//! that could not reach the API, an answer too large to read, and requests
//! cancelled before and while they run (how sign-out and a closing view stop
//! theirs).

use super::*;
use backup_console::api::http::MAX_ANSWER_BYTES;

fn now_ms() -> f64 {
    js_sys::Date::now()
}

#[wasm_bindgen_test]
async fn a_request_to_a_closed_port_is_a_network_error() {
    let c = Client::new(Token::new("demo-token"), RegionEndpoint::from_root("DFW", "http://127.0.0.1:9/dfw", TENANT));
    expect_err("network", c.list_agents().await, |e| matches!(e, ApiError::Network { .. }));
}

/// A proxy's 502 or 504 means the API was not reached: said so, and retryable.
#[wasm_bindgen_test]
async fn a_gateways_502_and_504_read_as_the_api_not_reached() {
    for status in [502, 504] {
        sim_rule(&format!("GET */iad/v1.0/*/user/agents={status}x1")).await;
        match admin("IAD").list_agents().await {
            Err(e @ ApiError::Network { .. }) => {
                assert!(e.detail().contains(&format!("HTTP {status}")), "{}", e.detail());
                assert!(e.to_string().contains("could not be reached"), "{e}");
                assert!(e.is_retryable(), "{status} is worth a retry");
            }
            other => panic!("{status}: expected a network error, got {other:?}"),
        }
        // A write too, and the rule is spent: the next answer is the API's.
        sim_rule(&format!("POST */iad/v1.0/*/user/wakeupagents={status}x1")).await;
        expect_err("wake-up", admin("IAD").wake_up_agents().await, |e| matches!(e, ApiError::Network { .. }));
        assert_eq!(admin("IAD").list_agents().await.map(|l| l.items.len()), Ok(12), "after the {status}");
    }
}

/// backup-sim's `huge` answers are valid JSON (an empty list padded with
/// spaces) just over 32 MB: only the size limit refuses them, whether the
/// size is declared (`Content-Length`) or found while reading a stream.
#[wasm_bindgen_test]
async fn an_answer_over_32_mb_is_refused_with_or_without_its_length() {
    for outcome in ["huge", "huge-stream"] {
        sim_rule(&format!("GET */lon/v1.0/*/user/agents={outcome}x1")).await;
        let started = now_ms();
        let answer = admin("LON").list_agents().await;
        let took = now_ms() - started;
        match answer {
            Err(ApiError::TooLarge { limit_mb }) => assert_eq!(limit_mb, MAX_ANSWER_BYTES >> 20),
            other => panic!("{outcome}: expected TooLarge, got {:?}", other.map(|l| l.items.len())),
        }
        assert!(took < 20_000.0, "{outcome}: refused in {took} ms, not after hanging");
        assert_eq!(admin("LON").list_agents().await.map(|l| l.items.len()), Ok(12), "after {outcome}");
    }
    assert_eq!(MAX_ANSWER_BYTES, 32 << 20);
}

#[wasm_bindgen_test]
async fn a_request_of_a_view_that_went_away_is_cancelled() {
    let controller = web_sys::AbortController::new().expect("controller");
    controller.abort();
    let c = admin("DFW").cancelled_by(Some(controller.signal()));
    match c.list_agents().await {
        Err(ApiError::Network { detail }) => assert!(detail.contains("cancelled"), "{detail}"),
        other => panic!("expected a cancelled request, got {other:?}"),
    }
    // A scope aborts its signal when its view is unmounted.
    let host = leptos::prelude::document().create_element("div").expect("div");
    let seen: std::rc::Rc<std::cell::RefCell<Option<web_sys::AbortSignal>>> = Default::default();
    let keep = seen.clone();
    let handle = leptos::mount::mount_to(wasm_bindgen::JsCast::unchecked_into(host), move || {
        let scope = backup_console::state::scope::RequestScope::for_view();
        *keep.borrow_mut() = scope.signal();
    });
    let signal = seen.borrow().clone().expect("a signal");
    assert!(!signal.aborted());
    drop(handle);
    assert!(signal.aborted(), "leaving the view aborts its requests");
}

/// Sign-out aborts the session's signal, which every client of the session
/// carries: a request waiting on a slow API ends at once, as cancelled, and
/// clients without that signal are untouched.
#[wasm_bindgen_test]
async fn aborting_a_request_in_flight_ends_it_at_once_as_cancelled() {
    sim_rule("GET */ord/v1.0/*/user/agents=slow5000x1").await;
    let controller = web_sys::AbortController::new().expect("controller");
    let c = admin("ORD").cancelled_by(Some(controller.signal()));
    let abort = gloo_timers::callback::Timeout::new(300, move || controller.abort());
    let started = now_ms();
    let answer = c.list_agents().await;
    let took = now_ms() - started;
    drop(abort);
    assert!((250.0..2_000.0).contains(&took), "ended by the abort after {took} ms, not by the 5 s answer");
    match answer {
        // Not a broken network: the caller stopped it, and the error says so.
        Err(ApiError::Network { detail }) => assert!(detail.contains("cancelled"), "after {took} ms: {detail}"),
        other => panic!("expected a cancelled request, got {:?}", other.map(|l| l.items.len())),
    }
    // Later requests of that client are refused before they are sent.
    expect_err("after the abort", c.list_agents().await, |e| e.detail().contains("cancelled"));
    assert_eq!(admin("ORD").list_agents().await.map(|l| l.items.len()), Ok(12), "another client is not cancelled");
}
