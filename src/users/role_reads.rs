//! Reads who holds which role, for the whole list at once: when the widget
//! starts and when the admin asks again ("Check my roles again", after a
//! PIM activation, say). The number of requests depends on the tenant's
//! role-assignable groups and units, never on its users:
//!
//! 1. at once: `/me`, the role assignments, the role-assignable groups, the
//!    administrative units;
//! 2. then, at once: each such group's members and owners, and the members
//!    of each restricted unit and of each unit a role of the admin may be
//!    scoped to ([`units_to_read`]).

use std::sync::Arc;

use futures_util::future::{join, join_all, join4};

use super::access::Access;
use crate::api::ApiError;
use crate::api::client::GraphClient;
use crate::reset::state::Sender;
use crate::roles::directory::{GroupMembers, RoleDirectory, UnitMembers, units_to_read};

/// The signed-in admin with every user's role facts, or the first failure
/// (a missing permission named as such).
pub async fn read_access(client: &GraphClient) -> Result<Access, ApiError> {
    let (me, assignments, groups, units) = join4(
        client.me(),
        client.role_assignments(),
        client.role_assignable_groups(),
        client.administrative_units(),
    )
    .await;
    let (me, assignments, groups, units) = (me?, assignments?, groups?, units?);
    let group_reads = join_all(groups.iter().map(|group| async move {
        let (members, owners) = join(
            client.group_members(&group.id),
            client.group_owners(&group.id),
        )
        .await;
        Ok::<_, ApiError>(GroupMembers {
            group_id: group.id.clone(),
            members: members?,
            owners: owners?,
        })
    }));
    let unit_ids = units_to_read(&units, &assignments, &me.id);
    let unit_reads = join_all(unit_ids.into_iter().map(|unit_id| async move {
        let members = client.unit_members(&unit_id).await?;
        Ok::<_, ApiError>(UnitMembers { unit_id, members })
    }));
    let (groups, unit_members) = join(group_reads, unit_reads).await;
    let groups = groups.into_iter().collect::<Result<Vec<_>, _>>()?;
    let unit_members = unit_members.into_iter().collect::<Result<Vec<_>, _>>()?;
    let directory = RoleDirectory::new(assignments, groups, &units, unit_members);
    Ok(Access::Ready {
        assignments: directory.assignments_of(&me.id),
        directory: Arc::new(directory),
        sender: Sender::from(&me),
        has_mailbox: me.has_mailbox(),
        my_id: me.id,
    })
}
