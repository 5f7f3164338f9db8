//! Reads who holds which role, for the whole list at once: when the widget
//! starts and when the admin asks again ("Check my roles again", after a
//! PIM activation, say). The number of requests depends on the tenant's
//! role-assignable groups and units, never on its users:
//!
//! 1. side by side: `/me`, the role assignments, the role-assignable groups,
//!    the administrative units;
//! 2. then, side by side: each such group's members and owners, and the
//!    members of each restricted unit and of each unit a role of the admin
//!    may be scoped to ([`units_to_read`]).

use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::sync::Arc;
use std::task::Poll;

use futures_util::future::join;

use super::access::Access;
use crate::api::ApiError;
use crate::api::client::GraphClient;
use crate::api::models::{
    DirectoryObject, GROUP_MEMBER_READ_PERMISSION, ROLE_READ_PERMISSION, RoleAssignment,
    UNIT_READ_PERMISSION, decode_pages,
};
use crate::api::query;
use crate::reset::state::Sender;
use crate::roles::directory::{GroupMembers, RoleDirectory, UnitMembers, units_to_read};

/// The signed-in admin with every user's role facts, or the first failure
/// (a missing permission named as such).
pub async fn read_access(client: &GraphClient) -> Result<Access, ApiError> {
    let base = client.base();
    let lists = vec![
        client.read_pages(query::role_assignments_url(base), ROLE_READ_PERMISSION),
        client.read_pages(
            query::role_assignable_groups_url(base),
            GROUP_MEMBER_READ_PERMISSION,
        ),
        client.read_pages(query::administrative_units_url(base), UNIT_READ_PERMISSION),
    ];
    let (me, lists) = join(client.me(), all(lists)).await;
    let me = me?;
    let lists = lists.into_iter().collect::<Result<Vec<_>, _>>()?;
    let assignments: Vec<RoleAssignment> = decode_pages(&lists[0])?;
    let groups: Vec<DirectoryObject> = decode_pages(&lists[1])?;
    let units: Vec<DirectoryObject> = decode_pages(&lists[2])?;

    // Graph honours the filter; a group it says is not role-assignable is
    // left out all the same.
    let group_ids: Vec<String> = groups
        .into_iter()
        .filter(|group| group.is_assignable_to_role != Some(false))
        .map(|group| group.id)
        .collect();
    let unit_ids = units_to_read(&units, &assignments, &me.id);
    let mut reads = Vec::new();
    for id in &group_ids {
        let members = query::group_members_url(base, id);
        let owners = query::group_owners_url(base, id);
        reads.push(client.read_pages(members, GROUP_MEMBER_READ_PERMISSION));
        reads.push(client.read_pages(owners, GROUP_MEMBER_READ_PERMISSION));
    }
    for id in &unit_ids {
        let members = query::unit_members_url(base, id);
        reads.push(client.read_pages(members, UNIT_READ_PERMISSION));
    }
    let mut answers = Vec::new();
    for pages in all(reads).await {
        answers.push(decode_pages::<DirectoryObject>(&pages?)?);
    }
    let mut answers = answers.into_iter();
    let groups: Vec<GroupMembers> = group_ids
        .into_iter()
        .map(|group_id| GroupMembers {
            group_id,
            members: answers.next().unwrap_or_default(),
            owners: answers.next().unwrap_or_default(),
        })
        .collect();
    let unit_members: Vec<UnitMembers> = unit_ids
        .into_iter()
        .map(|unit_id| UnitMembers {
            unit_id,
            members: answers.next().unwrap_or_default(),
        })
        .collect();

    let directory = RoleDirectory::new(assignments, groups, &units, unit_members);
    Ok(Access::Ready {
        assignments: directory.assignments_of(&me.id),
        directory: Arc::new(directory),
        sender: Sender::from(&me),
        has_mailbox: me.has_mailbox(),
        my_id: me.id,
    })
}

/// Runs `reads` side by side and gives their answers in order. Written out
/// rather than `join_all`, which brings a stream executor for long lists the
/// role reads never have: several KiB of the bundle.
async fn all<F: Future>(reads: Vec<F>) -> Vec<F::Output> {
    let mut reads: Vec<Pin<Box<F>>> = reads.into_iter().map(Box::pin).collect();
    let mut answers: Vec<Option<F::Output>> = reads.iter().map(|_| None).collect();
    poll_fn(|cx| {
        let mut waiting = false;
        for (read, answer) in reads.iter_mut().zip(answers.iter_mut()) {
            if answer.is_none() {
                match read.as_mut().poll(cx) {
                    Poll::Ready(value) => *answer = Some(value),
                    Poll::Pending => waiting = true,
                }
            }
        }
        if waiting {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    })
    .await;
    answers.into_iter().flatten().collect()
}
