//! How many Django instances serve the site, what they share and how the load balancer picks
//! one (the world tab); the choice itself is [`crate::ui::servers_choice`].

use leptos::prelude::*;

use crate::ui::servers_choice::{
    balancer, balancer_word, cache_sharing, dir_sharing, instance_count, key_sharing, servers_note,
    Balancer, ServersChange, Sharing,
};
use crate::ui::state::AppState;

use super::browser_panel::Toggle;

/// The Django instances, their cache, session directory and `SECRET_KEY`, and the balancer.
#[component]
pub fn ServersPanel() -> impl IntoView {
    let state = AppState::expect();
    let count =
        Signal::derive(move || Some(state.playground.with(|p| instance_count(p.scenario()))));
    let cache = Signal::derive(move || state.playground.with(|p| cache_sharing(p.scenario())));
    let dir = Signal::derive(move || state.playground.with(|p| dir_sharing(p.scenario())));
    let key = Signal::derive(move || state.playground.with(|p| key_sharing(p.scenario())));
    let rule = Signal::derive(move || state.playground.with(|p| balancer(p.scenario())));
    let alone = Signal::derive(move || count.get() == Some(1));
    let note = move || state.playground.with(|p| servers_note(p.scenario()));
    let change = move |change: ServersChange| state.change_servers(change);
    view! {
        <section class="card servers-choice" data-testid="servers-choice">
            <h2>"Which servers"</h2>
            <Toggle
                label="Django instances"
                name="instances"
                choices=vec![(1, "1"), (2, "2: web1, web2"), (3, "3: web1 to web3")]
                current=count
                on_pick=move |count| change(ServersChange::Instances(count))
            />
            <Toggle
                label="Cache"
                name="cache"
                choices=vec![(Sharing::Shared, "shared (Redis)"), (Sharing::Own, "LocMemCache per process")]
                current=cache
                on_pick=move |sharing| change(ServersChange::Cache(sharing))
                disabled=alone
            />
            <Toggle
                label="Session directory"
                name="file-dir"
                choices=vec![(Sharing::Shared, "shared (NFS)"), (Sharing::Own, "local disk each")]
                current=dir
                on_pick=move |sharing| change(ServersChange::FileDir(sharing))
                disabled=alone
            />
            <Toggle
                label="SECRET_KEY"
                name="secret-key"
                choices=vec![(Sharing::Shared, "the same everywhere"), (Sharing::Own, "one per instance")]
                current=key
                on_pick=move |sharing| change(ServersChange::SecretKey(sharing))
                disabled=alone
            />
            <Toggle
                label="Load balancer"
                name="balancer"
                choices=[Balancer::RoundRobin, Balancer::Sticky, Balancer::PinnedFirst]
                    .map(|rule| (rule, balancer_word(rule)))
                    .to_vec()
                current=rule
                on_pick=move |rule| change(ServersChange::Balancer(rule))
                disabled=alone
            />
            <Show when=move || alone.get()>
                <p class="hint">"Cache, directory, key and balancer need two instances or more."</p>
            </Show>
            <p class="hint" data-testid="servers-note">{note}</p>
        </section>
    }
}
