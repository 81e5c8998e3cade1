//! A seller's team: members, roles and invitations.

pub mod accept_invitation;
pub mod invite_member;
pub mod list_team;
pub mod revoke_invitation;
pub mod set_active;
pub mod two_factor;
pub mod update_member;
