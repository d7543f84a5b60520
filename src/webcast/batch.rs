//! Building one multirequest and reading its slots, shared by every workflow.
//!
//! Each workflow queues its calls, remembers each one's 1-based position (for `{N:result}`
//! references) and then takes the answers out by position, typed. A missing slot (a server that
//! answered fewer calls than asked) becomes a decode error naming the call, never a panic.

use crate::kaltura::client::{KalturaClient, decode};
use crate::kaltura::error::Error;
use crate::kaltura::types::ListResponse;
use crate::kaltura::wire::{ApiRequest, result_ref};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Calls queued for one multirequest.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    reqs: Vec<ApiRequest>,
}

/// A queued call's position: index into the answers and the number `{N:result}` uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Slot(usize);

impl Slot {
    /// `{N:result:path}` naming this call's answer.
    pub(crate) fn reference(self, path: &[&str]) -> String {
        result_ref(self.0 + 1, path)
    }
}

impl Batch {
    pub(crate) fn new() -> Self {
        Batch::default()
    }

    /// Queues a call and returns its slot.
    pub(crate) fn push(&mut self, req: ApiRequest) -> Slot {
        self.reqs.push(req);
        Slot(self.reqs.len() - 1)
    }

    /// Sends everything in one HTTP request.
    pub(crate) async fn send(self, client: &KalturaClient) -> Result<Answers, Error> {
        let slots = client.multirequest(&self.reqs).await?;
        Ok(Answers {
            slots: slots.into_iter().map(Some).collect(),
            reqs: self.reqs,
        })
    }
}

/// The answers of a sent [`Batch`].
#[derive(Debug)]
pub(crate) struct Answers {
    reqs: Vec<ApiRequest>,
    slots: Vec<Option<Result<Value, Error>>>,
}

impl Answers {
    /// Takes a slot's raw answer (each slot can be taken once).
    pub(crate) fn take_value(&mut self, slot: Slot) -> Result<Value, Error> {
        let call = self
            .reqs
            .get(slot.0)
            .map(ApiRequest::name)
            .unwrap_or_default();
        self.slots
            .get_mut(slot.0)
            .and_then(Option::take)
            .unwrap_or_else(|| {
                Err(Error::Decode {
                    call,
                    detail: "the multirequest answer has no slot for this call".into(),
                })
            })
    }

    /// Takes a slot's answer as `T`.
    pub(crate) fn take<T: DeserializeOwned>(&mut self, slot: Slot) -> Result<T, Error> {
        let value = self.take_value(slot)?;
        match self.reqs.get(slot.0) {
            Some(req) => decode(req, value),
            None => Err(Error::Decode {
                call: String::new(),
                detail: "no such call in the batch".into(),
            }),
        }
    }

    /// Takes a list slot's objects.
    pub(crate) fn take_list<T: DeserializeOwned>(&mut self, slot: Slot) -> Result<Vec<T>, Error> {
        self.take::<ListResponse<T>>(slot).map(|l| l.objects)
    }
}
