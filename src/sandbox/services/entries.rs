//! `get` and `list` over entries, shared by `baseEntry`, `media` and `liveStream`, with
//! Kaltura's list defaults: READY only unless told otherwise, hidden entries skipped unless
//! asked for by ID, newest first; lists by anything but IDs see the search index's (lagging)
//! view of the entries.

use super::super::app::Ctx;
use super::super::errors::{self, ApiError};
use super::super::params::{self, Params};
use super::super::store::{Entry, Obj, Store};
use super::{Pager, check_filter_type, entry_view, field_eq, order, split_list};
use serde_json::Value;

/// `{service}.get(entryId)`; `want_type` is 7 for liveStream, 1 for media, `None` for baseEntry.
pub fn get(store: &mut Store, ctx: &Ctx<'_>, want_type: Option<i64>) -> Result<Value, ApiError> {
    let id = params::req_str(ctx.params, "entryId")?;
    params::opt_int(ctx.params, "version")?;
    ctx.authorize(false)?;
    let entry = store
        .entry(&id)
        .filter(|e| ctx.caller.can_view(e))
        .ok_or_else(|| errors::entry_not_found(&id))?;
    if let Some(t) = want_type
        && entry.entry_type() != t
    {
        return Err(errors::invalid_entry_type(&id, entry.entry_type(), t));
    }
    Ok(entry_view(entry, &ctx.caller))
}

/// The filter of an entry list, read once.
struct EntryFilter {
    id_equal: Option<String>,
    id_in: Option<Vec<String>>,
    root_equal: Option<String>,
    root_in: Option<Vec<String>>,
    reference_equal: Option<String>,
    reference_in: Option<Vec<String>>,
    name_like: Option<String>,
    name_equal: Option<String>,
    status_in: Option<Vec<i64>>,
    type_in: Option<Vec<i64>>,
    media_type_in: Option<Vec<i64>>,
    display_in_search: Option<i64>,
    parent_equal: Option<String>,
    user_equal: Option<String>,
    created_from: Option<i64>,
    created_to: Option<i64>,
    order_by: Option<String>,
}

fn int_list(f: &Params, name: &str) -> Result<Option<Vec<i64>>, ApiError> {
    match params::opt_str(f, name) {
        None => Ok(None),
        Some(s) => split_list(&s)
            .iter()
            .map(|x| x.parse::<i64>().map_err(|_| errors::not_numeric(name)))
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
    }
}

impl EntryFilter {
    fn read(f: &Params) -> Result<Self, ApiError> {
        let one = |name: &str| -> Result<Option<Vec<i64>>, ApiError> {
            Ok(params::opt_int(f, name)?.map(|n| vec![n]))
        };
        let status_in = match int_list(f, "statusIn")? {
            Some(l) => Some(l),
            None => one("statusEqual")?,
        };
        Ok(EntryFilter {
            id_equal: params::opt_str(f, "idEqual"),
            id_in: params::opt_str(f, "idIn").map(|s| split_list(&s)),
            root_equal: params::opt_str(f, "rootEntryIdEqual"),
            root_in: params::opt_str(f, "rootEntryIdIn").map(|s| split_list(&s)),
            reference_equal: params::opt_str(f, "referenceIdEqual"),
            reference_in: params::opt_str(f, "referenceIdIn").map(|s| split_list(&s)),
            name_like: params::opt_str(f, "nameLike").filter(|s| !words(s).is_empty()),
            name_equal: params::opt_str(f, "nameEqual"),
            status_in,
            type_in: match int_list(f, "typeIn")? {
                Some(l) => Some(l),
                None => one("typeEqual")?,
            },
            media_type_in: match int_list(f, "mediaTypeIn")? {
                Some(l) => Some(l),
                None => one("mediaTypeEqual")?,
            },
            display_in_search: params::opt_int(f, "displayInSearchEqual")?,
            parent_equal: params::opt_str(f, "parentEntryIdEqual"),
            user_equal: params::opt_str(f, "userIdEqual"),
            created_from: params::opt_int(f, "createdAtGreaterThanOrEqual")?,
            created_to: params::opt_int(f, "createdAtLessThanOrEqual")?,
            order_by: params::opt_str(f, "orderBy"),
        })
    }

    /// Lists by entry ID are answered from the database; every other list from the search
    /// index, which lags behind writes (`index_lag_ms`).
    fn by_id_only(&self) -> bool {
        self.id_equal.is_some() || self.id_in.is_some()
    }

    fn matches(&self, o: &Obj) -> bool {
        let int = |f: &str| o.get(f).and_then(Value::as_i64).unwrap_or(0);
        let text = |f: &str| o.get(f).and_then(Value::as_str).unwrap_or("");
        let id = text("id");
        let in_list =
            |l: &Option<Vec<String>>, v: &str| l.as_ref().is_none_or(|l| l.iter().any(|x| x == v));
        let int_in = |l: &Option<Vec<i64>>, v: i64| l.as_ref().is_none_or(|l| l.contains(&v));
        // Kaltura's defaults: READY unless a status or idEqual is given; hidden entries only
        // when asked for by ID, parent or displayInSearch.
        let status_ok = match &self.status_in {
            Some(l) => l.contains(&int("status")),
            None => self.id_equal.is_some() || int("status") == 2,
        };
        let shows_hidden = self.id_in.is_some()
            || self.id_equal.is_some()
            || self.parent_equal.is_some()
            || self.display_in_search.is_some();
        let dis = o
            .get("displayInSearch")
            .and_then(Value::as_i64)
            .unwrap_or(1);
        let display_ok = match self.display_in_search {
            Some(d) => dis == d,
            None => shows_hidden || dis >= 0,
        };
        status_ok
            && display_ok
            && self.id_equal.as_deref().is_none_or(|v| id == v)
            && in_list(&self.id_in, id)
            // An entry is indexed under a root only when it is not that root itself.
            && self
                .root_equal
                .as_deref()
                .is_none_or(|v| text("rootEntryId") == v && id != v)
            && (self.root_in.is_none() || text("rootEntryId") != id)
            && in_list(&self.root_in, text("rootEntryId"))
            && self
                .reference_equal
                .as_deref()
                .is_none_or(|v| text("referenceId") == v)
            && in_list(&self.reference_in, text("referenceId"))
            && self
                .name_like
                .as_deref()
                .is_none_or(|v| name_like_matches(text("name"), v))
            && self.name_equal.as_deref().is_none_or(|v| text("name") == v)
            && int_in(&self.type_in, int("type"))
            && int_in(&self.media_type_in, int("mediaType"))
            && self
                .parent_equal
                .as_deref()
                .is_none_or(|v| field_eq(o, "parentEntryId", v))
            && self
                .user_equal
                .as_deref()
                .is_none_or(|v| text("userId") == v)
            && self.created_from.is_none_or(|t| int("createdAt") >= t)
            && self.created_to.is_none_or(|t| int("createdAt") <= t)
    }
}

/// The words of a text as Kaltura's search index splits it: runs of letters, digits and `_`,
/// lower-cased.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// `nameLike` as Kaltura answers it from its search index (`@name value` in a Sphinx match):
/// whole words, not substrings. A value with spaces is a phrase (its words consecutive, in
/// order); one without is every word it holds (`q3-update` → `q3` and `update`), anywhere.
fn name_like_matches(name: &str, query: &str) -> bool {
    let have = words(name);
    let want = words(query);
    if query.chars().any(char::is_whitespace) {
        have.windows(want.len()).any(|w| w == want.as_slice())
    } else {
        want.iter().all(|w| have.contains(w))
    }
}

/// `{service}.list(filter, pager)`; `forced_type` is liveStream's 7 or media's 1.
pub fn list(
    store: &mut Store,
    ctx: &Ctx<'_>,
    forced_type: Option<i64>,
    kind: &str,
) -> Result<Value, ApiError> {
    let empty = Params::new();
    let f = params::opt_obj(ctx.params, "filter").unwrap_or(&empty);
    check_filter_type(f, "Filter")?;
    let mut filter = EntryFilter::read(f)?;
    let pager = Pager::from_params(ctx.params)?;
    ctx.authorize(false)?;
    if let Some(t) = forced_type {
        filter.type_in = Some(vec![t]);
    }
    // The search index matches the version it has seen; the answer carries the stored one.
    let from_index = !filter.by_id_only();
    let now_ms = ctx.now_ms;
    let mut matched: Vec<&Entry> = store
        .entries
        .iter()
        .filter(|e| {
            let seen = if from_index {
                e.indexed(now_ms)
            } else {
                Some(&e.obj)
            };
            !e.is_deleted() && seen.is_some_and(|o| filter.matches(o)) && ctx.caller.can_view(e)
        })
        .collect();
    // Newest first by default; creation order breaks ties so the answer is stable.
    matched.sort_by_key(|e| std::cmp::Reverse((e.int("createdAt"), e.seq)));
    let mut objs: Vec<Obj> = matched
        .iter()
        .filter_map(|e| match entry_view(e, &ctx.caller) {
            Value::Object(o) => Some(o),
            _ => None,
        })
        .collect();
    if filter.order_by.is_some() {
        order(&mut objs, filter.order_by.as_deref(), "-createdAt");
    }
    Ok(pager.respond(objs.into_iter().map(Value::Object).collect(), kind))
}

#[cfg(test)]
mod tests {
    use super::name_like_matches;

    #[test]
    fn name_like_matches_whole_words_like_the_search_index() {
        assert!(name_like_matches("Town Hall Q3", "town"));
        assert!(name_like_matches("Town Hall Q3", "HALL"));
        assert!(!name_like_matches("Town Hall Q3", "tow"), "no substrings");
        assert!(!name_like_matches("Townhall", "town"));
        assert!(name_like_matches("Town Hall Q3", "town hall"), "a phrase");
        assert!(!name_like_matches("Town Hall Q3", "hall town"), "in order");
        assert!(
            !name_like_matches("Town big Hall", "town hall"),
            "consecutive"
        );
        assert!(
            name_like_matches("Q3-update: all hands", "update-q3"),
            "words, any order"
        );
        assert!(!name_like_matches("Q3 update", "q3-upd"));
    }
}
