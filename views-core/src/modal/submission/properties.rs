//! Property tests of the modal submission parser on arbitrary component
//! trees (built directly, and Discord's and twilight's modal-submit payloads
//! mutated as JSON): [`Submission::new`] finds every input at any depth, in
//! order; each accessor keeps its documented contract whatever the input
//! under its name; nothing panics.

use std::sync::LazyLock;

use proptest::prelude::*;
use serde_json::Value as Json;
use twilight_model::{
    application::interaction::modal::{
        ModalInteractionActionRow, ModalInteractionChannelSelect, ModalInteractionCheckbox,
        ModalInteractionCheckboxGroup, ModalInteractionFileUpload, ModalInteractionLabel,
        ModalInteractionMentionableSelect, ModalInteractionRoleSelect,
        ModalInteractionStringSelect, ModalInteractionTextDisplay, ModalInteractionTextInput,
        ModalInteractionUserSelect,
    },
    id::marker::{ChannelMarker, RoleMarker, UserMarker},
};

use super::*;

/// Field names of the form under test; the trees use them (so accessors
/// find inputs of every kind under them) and names of their own.
const NAMES: &[&str] = &["subject", "details", "area", "agree", "who", "extras"];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(NAMES).prop_map(str::to_owned),
        1 => any::<String>(),
    ]
}

fn id<M>() -> impl Strategy<Value = Id<M>> {
    prop_oneof![1..=u64::MAX, 1..=50u64].prop_map(Id::new)
}

/// The parts of a select: `(id, custom_id, values)`.
fn select<T: fmt::Debug>(
    values: impl Strategy<Value = T>,
) -> impl Strategy<Value = (i32, String, Vec<T>)> {
    (
        any::<i32>(),
        name(),
        proptest::collection::vec(values, 0..4),
    )
}

/// One component that is not a container.
fn leaf() -> impl Strategy<Value = ModalInteractionComponent> {
    prop_oneof![
        (any::<i32>(), name(), any::<String>()).prop_map(|(id, custom_id, value)| {
            ModalInteractionComponent::TextInput(ModalInteractionTextInput {
                custom_id,
                id,
                value,
            })
        }),
        (any::<i32>(), name(), Just(String::new())).prop_map(|(id, custom_id, value)| {
            ModalInteractionComponent::TextInput(ModalInteractionTextInput {
                custom_id,
                id,
                value,
            })
        }),
        select(any::<String>()).prop_map(|(id, custom_id, values)| {
            ModalInteractionComponent::StringSelect(ModalInteractionStringSelect {
                id,
                custom_id,
                values,
            })
        }),
        select(id::<UserMarker>()).prop_map(|(id, custom_id, values)| {
            ModalInteractionComponent::UserSelect(ModalInteractionUserSelect {
                id,
                custom_id,
                values,
            })
        }),
        select(id::<RoleMarker>()).prop_map(|(id, custom_id, values)| {
            ModalInteractionComponent::RoleSelect(ModalInteractionRoleSelect {
                id,
                custom_id,
                values,
            })
        }),
        select(id::<ChannelMarker>()).prop_map(|(id, custom_id, values)| {
            ModalInteractionComponent::ChannelSelect(ModalInteractionChannelSelect {
                id,
                custom_id,
                values,
            })
        }),
        select(id::<GenericMarker>()).prop_map(|(id, custom_id, values)| {
            ModalInteractionComponent::MentionableSelect(ModalInteractionMentionableSelect {
                id,
                custom_id,
                values,
            })
        }),
        (any::<i32>(), name(), any::<bool>()).prop_map(|(id, custom_id, value)| {
            ModalInteractionComponent::Checkbox(ModalInteractionCheckbox {
                custom_id,
                id,
                value,
            })
        }),
        (
            any::<i32>(),
            name(),
            proptest::collection::vec(any::<String>(), 0..4)
        )
            .prop_map(|(id, custom_id, values)| {
                ModalInteractionComponent::CheckboxGroup(ModalInteractionCheckboxGroup {
                    custom_id,
                    id,
                    values,
                })
            }),
        (any::<i32>(), name(), proptest::collection::vec(id(), 0..3)).prop_map(
            |(id, custom_id, values)| {
                ModalInteractionComponent::FileUpload(ModalInteractionFileUpload {
                    custom_id,
                    id,
                    values,
                })
            }
        ),
        any::<i32>().prop_map(|id| {
            ModalInteractionComponent::TextDisplay(ModalInteractionTextDisplay { id })
        }),
        any::<u8>().prop_map(ModalInteractionComponent::Unknown),
    ]
}

/// Trees of labels and action rows in any nesting (Discord sends one
/// level; a forged submission may send anything).
fn tree() -> impl Strategy<Value = Vec<ModalInteractionComponent>> {
    let component = leaf().prop_recursive(8, 48, 5, |inner| {
        prop_oneof![
            (any::<i32>(), proptest::collection::vec(inner.clone(), 0..5)).prop_map(
                |(id, components)| {
                    ModalInteractionComponent::ActionRow(ModalInteractionActionRow {
                        components,
                        id,
                    })
                }
            ),
            (any::<i32>(), inner).prop_map(|(id, component)| {
                ModalInteractionComponent::Label(ModalInteractionLabel {
                    component: Box::new(component),
                    id,
                })
            }),
        ]
    });
    proptest::collection::vec(component, 0..6)
}

/// The custom_ids of the inputs of `components`, depth first: what the
/// parser must find.
fn inputs_of(components: &[ModalInteractionComponent], out: &mut Vec<String>) {
    for component in components {
        match component {
            ModalInteractionComponent::ActionRow(row) => inputs_of(&row.components, out),
            ModalInteractionComponent::Label(label) => {
                inputs_of(std::slice::from_ref(&label.component), out);
            }
            ModalInteractionComponent::TextInput(ModalInteractionTextInput {
                custom_id, ..
            })
            | ModalInteractionComponent::Checkbox(ModalInteractionCheckbox { custom_id, .. })
            | ModalInteractionComponent::CheckboxGroup(ModalInteractionCheckboxGroup {
                custom_id,
                ..
            }) => out.push(custom_id.clone()),
            ModalInteractionComponent::StringSelect(select) => out.push(select.custom_id.clone()),
            ModalInteractionComponent::UserSelect(select) => out.push(select.custom_id.clone()),
            ModalInteractionComponent::RoleSelect(select) => out.push(select.custom_id.clone()),
            ModalInteractionComponent::ChannelSelect(select) => {
                out.push(select.custom_id.clone());
            }
            ModalInteractionComponent::MentionableSelect(select) => {
                out.push(select.custom_id.clone());
            }
            ModalInteractionComponent::FileUpload(upload) => out.push(upload.custom_id.clone()),
            // Not form inputs.
            ModalInteractionComponent::TextDisplay(_) | ModalInteractionComponent::Unknown(_) => {}
        }
    }
}

/// One call a generated `from_submission` can make.
#[derive(Clone, Copy, Debug)]
enum Call {
    Text { required: bool },
    Values { required: bool },
    Value { required: bool },
    Group { required: bool },
    Checked,
    Ids { kind: EntityKind, required: bool },
    Id { kind: EntityKind, required: bool },
    RequiredId { kind: EntityKind },
    Attachments { required: bool },
}

fn call() -> impl Strategy<Value = Call> {
    let kind = prop_oneof![
        Just(EntityKind::User),
        Just(EntityKind::Role),
        Just(EntityKind::Channel),
        Just(EntityKind::Mentionable),
    ];
    prop_oneof![
        any::<bool>().prop_map(|required| Call::Text { required }),
        any::<bool>().prop_map(|required| Call::Values { required }),
        any::<bool>().prop_map(|required| Call::Value { required }),
        any::<bool>().prop_map(|required| Call::Group { required }),
        Just(Call::Checked),
        (kind.clone(), any::<bool>()).prop_map(|(kind, required)| Call::Ids { kind, required }),
        (kind.clone(), any::<bool>()).prop_map(|(kind, required)| Call::Id { kind, required }),
        kind.prop_map(|kind| Call::RequiredId { kind }),
        any::<bool>().prop_map(|required| Call::Attachments { required }),
    ]
}

/// What a call returned, in one comparable shape.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Text(Option<String>),
    Strings(Vec<String>),
    String(Option<String>),
    Checked(bool),
    Ids(Vec<u64>),
    Id(Option<u64>),
    Missing,
    WrongKind,
    Unresolved,
    Other(String),
}

fn outcome<T>(result: Result<T, ModalError>, ok: impl FnOnce(T) -> Outcome) -> Outcome {
    match result {
        Ok(value) => ok(value),
        Err(error) => match error.kind() {
            ModalErrorKind::MissingField { .. } => Outcome::Missing,
            ModalErrorKind::WrongKind { .. } => Outcome::WrongKind,
            ModalErrorKind::UnresolvedAttachment { .. } => Outcome::Unresolved,
            other => Outcome::Other(format!("{other:?}")),
        },
    }
}

fn raw_ids(ids: Vec<Id<GenericMarker>>) -> Vec<u64> {
    ids.into_iter().map(Id::get).collect()
}

/// Runs `call` for field `name`.
fn run(submission: &mut Submission, name: &'static str, call: Call) -> Outcome {
    match call {
        Call::Text { required } => outcome(submission.text(name, required), Outcome::Text),
        Call::Values { required } => outcome(submission.values(name, required), Outcome::Strings),
        Call::Value { required } => outcome(submission.value(name, required), Outcome::String),
        Call::Group { required } => outcome(submission.group(name, required), Outcome::Strings),
        Call::Checked => outcome(submission.checked(name), Outcome::Checked),
        Call::Ids { kind, required } => outcome(submission.ids(name, kind, required), |ids| {
            Outcome::Ids(raw_ids(ids))
        }),
        Call::Id { kind, required } => {
            outcome(submission.id::<GenericMarker>(name, kind, required), |id| {
                Outcome::Id(id.map(Id::get))
            })
        }
        Call::RequiredId { kind } => {
            outcome(submission.required_id::<GenericMarker>(name, kind), |id| {
                Outcome::Id(Some(id.get()))
            })
        }
        Call::Attachments { required } => {
            outcome(submission.attachments(name, required), |files| {
                Outcome::Ids(files.into_iter().map(|file| file.id.get()).collect())
            })
        }
    }
}

/// The documented contract: what `call` must return when the first input
/// named like its field carries `value` (`None`: no such input).
fn expected(value: Option<&Value>, call: Call) -> Outcome {
    let absent = |required: bool, empty: Outcome| {
        if required { Outcome::Missing } else { empty }
    };
    let one = |values: &[String], required: bool| match values {
        [] if required => Outcome::Missing,
        [] => Outcome::String(None),
        [only] => Outcome::String(Some(only.clone())),
        _ => Outcome::WrongKind,
    };
    match (call, value) {
        (Call::Text { required }, None) => absent(required, Outcome::Text(None)),
        (Call::Text { required }, Some(Value::Text(text))) if text.is_empty() => {
            absent(required, Outcome::Text(None))
        }
        (Call::Text { .. }, Some(Value::Text(text))) => Outcome::Text(Some(text.clone())),
        (Call::Values { required }, None) => absent(required, Outcome::Strings(Vec::new())),
        (Call::Values { required }, Some(Value::Values(values))) => {
            if required && values.is_empty() {
                Outcome::Missing
            } else {
                Outcome::Strings(values.clone())
            }
        }
        (Call::Value { required }, None) => absent(required, Outcome::String(None)),
        (Call::Value { required }, Some(Value::Values(values))) => one(values, required),
        (Call::Group { required }, None) => absent(required, Outcome::Strings(Vec::new())),
        (Call::Group { required }, Some(Value::Group(values))) => {
            if required && values.is_empty() {
                Outcome::Missing
            } else {
                Outcome::Strings(values.clone())
            }
        }
        (Call::Checked, None) => Outcome::Missing,
        (Call::Checked, Some(Value::Checked(checked))) => Outcome::Checked(*checked),
        (Call::Ids { required, .. }, None) => absent(required, Outcome::Ids(Vec::new())),
        (Call::Ids { kind, required }, Some(Value::Ids(submitted, ids))) if *submitted == kind => {
            if required && ids.is_empty() {
                Outcome::Missing
            } else {
                Outcome::Ids(ids.iter().map(|id| id.get()).collect())
            }
        }
        (Call::Id { required, .. }, None) => absent(required, Outcome::Id(None)),
        (Call::RequiredId { .. }, None) => Outcome::Missing,
        (Call::Id { kind, required }, Some(Value::Ids(submitted, ids))) if *submitted == kind => {
            match ids.as_slice() {
                [] if required => Outcome::Missing,
                [] => Outcome::Id(None),
                [only] => Outcome::Id(Some(only.get())),
                _ => Outcome::WrongKind,
            }
        }
        (Call::RequiredId { kind }, Some(Value::Ids(submitted, ids))) if *submitted == kind => {
            match ids.as_slice() {
                [] => Outcome::Missing,
                [only] => Outcome::Id(Some(only.get())),
                _ => Outcome::WrongKind,
            }
        }
        (Call::Attachments { required }, None) => absent(required, Outcome::Ids(Vec::new())),
        (Call::Attachments { required }, Some(Value::Files(ids))) => {
            if required && ids.is_empty() {
                Outcome::Missing
            } else if ids.iter().all(|id| id.get() <= RESOLVED_MAX) {
                Outcome::Ids(ids.iter().map(|id| id.get()).collect())
            } else {
                Outcome::Unresolved
            }
        }
        (_, Some(_)) => Outcome::WrongKind,
    }
}

/// The submissions of `accessors_keep_their_contract` resolve the
/// attachments with ids 1 to this, so an upload's files are found or not.
const RESOLVED_MAX: u64 = 25;

/// `resolved.attachments` with the files 1..=[`RESOLVED_MAX`].
fn resolved() -> twilight_model::application::interaction::InteractionDataResolved {
    let attachments = (1..=RESOLVED_MAX)
        .map(|id| {
            let file: twilight_model::channel::Attachment =
                serde_json::from_value(serde_json::json!({
                    "id": id.to_string(), "filename": format!("{id}.png"), "size": id,
                    "url": format!("https://cdn.example/{id}.png"),
                    "proxy_url": format!("https://media.example/{id}.png"),
                }))
                .expect("an attachment");
            (file.id, file)
        })
        .collect();
    twilight_model::application::interaction::InteractionDataResolved {
        attachments,
        channels: std::collections::HashMap::new(),
        members: std::collections::HashMap::new(),
        messages: std::collections::HashMap::new(),
        roles: std::collections::HashMap::new(),
        users: std::collections::HashMap::new(),
    }
}

/// The modal-submit `data` of every fixture that has one: Discord's docs
/// examples and twilight's own test values.
static FIXTURES: LazyLock<Vec<Json>> = LazyLock::new(|| {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut found = Vec::new();
    for folder in ["discord-api-docs", "twilight-model-0.18.0"] {
        let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let Ok(json) = serde_json::from_str::<Json>(&text) else {
                continue;
            };
            if name.contains("modal-submit") {
                found.push(json["data"].clone());
            } else if name.contains(".modal.tests.") {
                found.push(json);
            }
        }
    }
    found.sort_by_key(Json::to_string);
    found
});

/// One change to a JSON tree, applied at the node `at` (an index into the
/// nodes in depth-first order, wrapping).
#[derive(Clone, Debug)]
enum Mutation {
    Drop,
    Replace(Json),
    /// Wraps the node in `depth` labels: deep but well-formed nesting.
    Nest(usize),
    /// Repeats an array's first element `times` times.
    Repeat(usize),
}

fn mutation() -> impl Strategy<Value = (usize, Mutation)> {
    let replacement = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::from),
        any::<i64>().prop_map(Json::from),
        any::<u64>().prop_map(Json::from),
        any::<f64>().prop_map(Json::from),
        any::<String>().prop_map(Json::from),
        "[0-9]{1,25}".prop_map(Json::from),
        prop_oneof![0..30u64, Just(255), Just(256)].prop_map(Json::from),
        (1..5_000usize).prop_map(|len| Json::from("é".repeat(len))),
        Just(Json::Array(Vec::new())),
        Just(serde_json::json!({})),
        Just(serde_json::json!({"type": 4, "custom_id": "subject", "value": "x", "id": 1})),
        Just(serde_json::json!({"type": 1, "id": 1, "components": [
            {"type": 23, "custom_id": "agree", "id": 2, "value": true}]})),
    ];
    (
        any::<usize>(),
        prop_oneof![
            1 => Just(Mutation::Drop),
            4 => replacement.prop_map(Mutation::Replace),
            1 => (1..60usize).prop_map(Mutation::Nest),
            1 => (1..200usize).prop_map(Mutation::Repeat),
        ],
    )
}

fn node_count(json: &Json) -> usize {
    1 + match json {
        Json::Array(items) => items.iter().map(node_count).sum(),
        Json::Object(map) => map.values().map(node_count).sum(),
        _ => 0,
    }
}

/// Applies `mutation` to node `at` of `json` (depth first, 0 is the root;
/// `Drop` of the root empties it).
fn apply(json: &mut Json, mut at: usize, mutation: &Mutation) {
    fn walk(json: &mut Json, at: &mut usize, mutation: &Mutation) -> bool {
        if *at == 0 {
            match mutation {
                Mutation::Drop => *json = Json::Null,
                Mutation::Replace(value) => *json = value.clone(),
                Mutation::Nest(depth) => {
                    for id in 0..*depth {
                        let inner = json.take();
                        *json = serde_json::json!({"type": 18, "id": id, "component": inner});
                    }
                }
                Mutation::Repeat(times) => {
                    if let Some(items) = json.as_array_mut()
                        && let Some(first) = items.first().cloned()
                    {
                        items.extend(std::iter::repeat_n(first, *times));
                    }
                }
            }
            return true;
        }
        *at -= 1;
        match json {
            Json::Array(items) => {
                for index in 0..items.len() {
                    if *at == 0 && matches!(mutation, Mutation::Drop) {
                        items.remove(index);
                        return true;
                    }
                    if walk(&mut items[index], at, mutation) {
                        return true;
                    }
                }
            }
            Json::Object(map) => {
                let keys: Vec<String> = map.keys().cloned().collect();
                for key in keys {
                    if *at == 0 && matches!(mutation, Mutation::Drop) {
                        map.remove(&key);
                        return true;
                    }
                    if let Some(child) = map.get_mut(&key)
                        && walk(child, at, mutation)
                    {
                        return true;
                    }
                }
            }
            _ => {}
        }
        false
    }
    at %= node_count(json);
    walk(json, &mut at, mutation);
}

/// Every accessor on every field name, then `finish`: what a generated
/// `from_submission` can do with a submission. Must not panic.
fn exercise(mut submission: Submission, calls: &[Call]) {
    let _ = submission.id_field("close:{ticket}:why", 0, crate::template::codec::<u64>());
    for (name, call) in NAMES.iter().cycle().zip(calls) {
        let _ = run(&mut submission, name, *call);
    }
    let _ = submission.finish();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The parser finds every input of the tree, however deep, in order.
    #[test]
    fn every_input_is_found_in_order(components in tree(), custom_id in any::<String>()) {
        let mut want = Vec::new();
        inputs_of(&components, &mut want);
        let data = ModalInteractionData { components, custom_id, resolved: None };
        let submission = Submission::new(&data);
        let found: Vec<&String> = submission.inputs.iter().map(|(name, _)| name).collect();
        prop_assert_eq!(found, want.iter().collect::<Vec<_>>());
    }

    /// Each call returns what its contract says for the input it takes, and
    /// takes exactly that input; `finish` reports the first input left.
    #[test]
    fn accessors_keep_their_contract(
        components in tree(),
        calls in proptest::collection::vec((proptest::sample::select(NAMES), call()), 0..12),
    ) {
        let data = ModalInteractionData {
            components,
            custom_id: "m".to_owned(),
            resolved: Some(resolved()),
        };
        let mut submission = Submission::new(&data);
        for (name, call) in calls {
            let before = submission.inputs.len();
            let present = submission.inputs.iter().any(|(id, _)| id == name);
            let want = expected(
                submission.inputs.iter().find(|(id, _)| id == name).map(|(_, value)| value),
                call,
            );
            let got = run(&mut submission, name, call);
            prop_assert_eq!(got, want, "{:?} on {:?}", call, name);
            prop_assert_eq!(submission.inputs.len(), before - usize::from(present));
        }
        let left = submission.inputs.first().map(|(name, _)| name.clone());
        match (submission.finish(), left) {
            (Ok(()), None) => {}
            (Err(error), Some(name)) => prop_assert!(
                matches!(error.kind(), ModalErrorKind::UnexpectedField { field } if *field == name),
                "{error}"
            ),
            (result, left) => prop_assert!(false, "finish gave {result:?} with {left:?} left"),
        }
    }

    /// Real modal-submit payloads, mutated as JSON (fields dropped, types
    /// changed, huge strings, deep nesting, unknown component types): what
    /// deserialises parses without a panic.
    #[test]
    fn mutated_payloads_never_panic(
        fixture in any::<proptest::sample::Index>(),
        mutations in proptest::collection::vec(mutation(), 1..4),
        calls in proptest::collection::vec(call(), NAMES.len()),
    ) {
        prop_assume!(!FIXTURES.is_empty());
        let mut json = fixture.get(&FIXTURES).clone();
        for (at, mutation) in &mutations {
            apply(&mut json, *at, mutation);
        }
        if let Ok(data) = serde_json::from_value::<ModalInteractionData>(json) {
            exercise(Submission::new(&data), &calls);
        }
    }
}

#[test]
fn the_mutated_payloads_include_every_modal_submit_fixture() {
    // 10 examples of Discord's docs and 4 of twilight's tests.
    assert!(
        FIXTURES.len() >= 14,
        "{} modal-submit fixtures",
        FIXTURES.len()
    );
    for data in FIXTURES.iter() {
        let parsed = serde_json::from_value::<ModalInteractionData>(data.clone());
        if let Ok(data) = parsed {
            exercise(Submission::new(&data), &[Call::Checked; 6]);
        }
    }
}
