//! Staff and platform-admin sign-in, session refresh (staff and customers)
//! and sign-out. The site decides whose it is: a seller portal is that
//! tenant's; the bare host, the platform admins'.

pub mod forgot_password;
pub mod login;
pub mod logout;
pub mod refresh;
pub mod resend_verification;
pub mod verify_staff_email;
