//! Request input: the task body, path ids and list paging, with the rules of spec/README.md
//! ("Tasks", "Ids in paths", "Listing") in one place.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{mime, web, FromRequest, HttpMessage, HttpRequest};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;

use crate::error::{unsupported_media_type, ApiError};

pub const BODY_LIMIT_BYTES: usize = 65536;
const TITLE_MAX_CHARS: usize = 200;
const DESCRIPTION_MAX_CHARS: usize = 2000;
const LIMIT_DEFAULT: i64 = 100;
const LIMIT_MAX: i64 = 1000;
/// 2^53 − 1 (spec/README.md, "Listing"): the largest offset every target's language and every
/// JSON parser holds exactly, so all targets draw the line in the same place.
const OFFSET_MAX: i64 = 9_007_199_254_740_991;

/// A validated create/replace body. PUT and POST share it: PUT is a full replace, so
/// missing optional fields take the same defaults as on create.
#[derive(Debug, Clone)]
pub struct TaskInput {
    pub title: String,
    pub description: String,
    pub completed: bool,
}

/// The body as sent, before the length rules. Deserialised by hand so that:
/// - only a JSON object is accepted (serde's derived struct impl would also take an array);
/// - a missing field takes its default but an explicit `null` is a wrong type (400);
/// - `completed` must be a real boolean, `title`/`description` real strings;
/// - unknown fields (including `id`, `created_at`, `updated_at`) are skipped.
#[derive(Debug)]
pub struct RawTaskInput {
    title: Option<String>,
    description: Option<String>,
    completed: Option<bool>,
}

impl<'de> Deserialize<'de> for RawTaskInput {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RawTaskInputVisitor)
    }
}

struct RawTaskInputVisitor;

impl<'de> Visitor<'de> for RawTaskInputVisitor {
    type Value = RawTaskInput;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawTaskInput, A::Error> {
        let mut input = RawTaskInput {
            title: None,
            description: None,
            completed: None,
        };
        // A repeated key keeps its last value, as JSON.parse and Python's json do.
        while let Some(key) = map.next_key::<FieldName>()? {
            match key {
                FieldName::Title => input.title = Some(map.next_value::<String>()?),
                FieldName::Description => input.description = Some(map.next_value::<String>()?),
                FieldName::Completed => input.completed = Some(map.next_value::<bool>()?),
                FieldName::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(input)
    }
}

enum FieldName {
    Title,
    Description,
    Completed,
    Other,
}

impl<'de> Deserialize<'de> for FieldName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldVisitor;
        impl Visitor<'_> for FieldVisitor {
            type Value = FieldName;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<FieldName, E> {
                Ok(match name {
                    "title" => FieldName::Title,
                    "description" => FieldName::Description,
                    "completed" => FieldName::Completed,
                    _ => FieldName::Other,
                })
            }
        }
        deserializer.deserialize_identifier(FieldVisitor)
    }
}

impl RawTaskInput {
    pub fn validate(self) -> Result<TaskInput, ApiError> {
        let title = self
            .title
            .ok_or_else(|| ApiError::bad_request("title is required"))?;
        let title_chars = title.chars().count();
        if title_chars == 0 {
            return Err(ApiError::bad_request("title must not be empty"));
        }
        if title_chars > TITLE_MAX_CHARS {
            return Err(ApiError::bad_request(
                "title must be at most 200 characters",
            ));
        }
        let description = self.description.unwrap_or_default();
        if description.chars().count() > DESCRIPTION_MAX_CHARS {
            return Err(ApiError::bad_request(
                "description must be at most 2000 characters",
            ));
        }
        // SQLite's length() stops at U+0000, so such strings cannot be stored faithfully.
        if title.contains('\0') || description.contains('\0') {
            return Err(ApiError::bad_request(
                "title and description must not contain NUL (U+0000)",
            ));
        }
        Ok(TaskInput {
            title,
            description,
            completed: self.completed.unwrap_or(false),
        })
    }
}

/// The JSON body of POST/PUT: `web::Json` (limit and error mapping from the app's
/// `JsonConfig`) behind a strict Content-Type check. `web::Json` on its own also accepts
/// `text/json` and `application/*+json`; the contract accepts `application/json` only.
pub struct TaskBody(pub RawTaskInput);

impl FromRequest for TaskBody {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = matches!(
            req.mime_type(),
            Ok(Some(mime)) if mime.type_() == mime::APPLICATION && mime.subtype() == mime::JSON
        );
        if !is_json {
            return Box::pin(std::future::ready(Err(unsupported_media_type().into())));
        }
        let body = web::Json::<RawTaskInput>::from_request(req, payload);
        Box::pin(async move { body.await.map(|json| TaskBody(json.into_inner())) })
    }
}

/// A task id from a path segment: a positive decimal integer within signed 64-bit range.
/// Anything else names no task (`None` → 404).
pub fn parse_task_id(segment: &str) -> Option<i64> {
    if segment.is_empty() || !segment.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    segment.parse::<i64>().ok().filter(|id| *id >= 1)
}

/// `?limit=&offset=` as sent: strings, so that the rules below (not serde's number parsing)
/// decide what is valid and every failure is the contract's 400.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    limit: Option<String>,
    offset: Option<String>,
}

#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub limit: i64,
    pub offset: i64,
}

impl ListQuery {
    pub fn page(&self) -> Result<Page, ApiError> {
        let limit = match self.limit.as_deref() {
            None => LIMIT_DEFAULT,
            Some(raw) => parse_plain_integer(raw)
                .filter(|value| (1..=LIMIT_MAX).contains(value))
                .ok_or_else(|| ApiError::bad_request("limit must be an integer from 1 to 1000"))?,
        };
        let offset = match self.offset.as_deref() {
            None => 0,
            Some(raw) => parse_plain_integer(raw)
                .filter(|value| *value <= OFFSET_MAX)
                .ok_or_else(|| {
                    ApiError::bad_request("offset must be an integer from 0 to 9007199254740991")
                })?,
        };
        Ok(Page { limit, offset })
    }
}

/// A plain non-negative decimal integer (digits only: no sign, point, exponent or spaces)
/// that fits an i64.
fn parse_plain_integer(raw: &str) -> Option<i64> {
    if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    raw.parse::<i64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(json: &str) -> Result<TaskInput, String> {
        let raw: RawTaskInput = serde_json::from_str(json).map_err(|e| e.to_string())?;
        raw.validate().map_err(|e| e.to_string())
    }

    #[test]
    fn body_rules() {
        let ok = body(r#"{"title":"a","id":7,"extra":{"x":[1,null]}}"#).unwrap();
        assert_eq!(
            (ok.title.as_str(), ok.description.as_str(), ok.completed),
            ("a", "", false)
        );
        let full = body(r#"{"title":"é😀","description":"d","completed":true}"#).unwrap();
        assert!(full.completed);
        assert!(body(&format!(r#"{{"title":"{}"}}"#, "😀".repeat(200))).is_ok());
        for bad in [
            r#"["a"]"#,
            r#""a""#,
            "1",
            "null",
            "{",
            r#"{"title":"a"} x"#,
            r#"{}"#,
            r#"{"title":""}"#,
            r#"{"title":null}"#,
            r#"{"title":1}"#,
            r#"{"title":"a","completed":1}"#,
            r#"{"title":"a","completed":"true"}"#,
            r#"{"title":"a","completed":null}"#,
            r#"{"title":"a\u0000b"}"#,
            r#"{"title":"x","description":"\u0000"}"#,
            r#"{"title":"a","description":null}"#,
        ] {
            assert!(body(bad).is_err(), "{bad} should be rejected");
        }
        assert!(body(&format!(r#"{{"title":"{}"}}"#, "é".repeat(201))).is_err());
        assert!(body(&format!(
            r#"{{"title":"a","description":"{}"}}"#,
            "x".repeat(2001)
        ))
        .is_err());
    }

    #[test]
    fn ids() {
        assert_eq!(parse_task_id("1"), Some(1));
        assert_eq!(parse_task_id("9223372036854775807"), Some(i64::MAX));
        for bad in [
            "",
            "0",
            "-1",
            "+1",
            "abc",
            "1.5",
            "1e3",
            " 1",
            "9223372036854775808",
            "99999999999999999999",
        ] {
            assert_eq!(parse_task_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn paging() {
        let q = |limit: Option<&str>, offset: Option<&str>| {
            ListQuery {
                limit: limit.map(String::from),
                offset: offset.map(String::from),
            }
            .page()
        };
        let page = q(None, None).unwrap();
        assert_eq!((page.limit, page.offset), (100, 0));
        let page = q(Some("1000"), Some("5")).unwrap();
        assert_eq!((page.limit, page.offset), (1000, 5));
        let page = q(None, Some("9007199254740991")).unwrap();
        assert_eq!(page.offset, 9_007_199_254_740_991);
        for (limit, offset) in [
            (Some("abc"), None),
            (Some("1.5"), None),
            (Some("-1"), None),
            (Some("0"), None),
            (Some("1001"), None),
            (Some(""), None),
            (None, Some("-1")),
            (None, Some("")),
            (None, Some("x")),
            (None, Some("99999999999999999999")),
            (None, Some("9007199254740992")),
            (None, Some("9223372036854775806")),
        ] {
            assert!(q(limit, offset).is_err(), "{limit:?} {offset:?}");
        }
    }
}
