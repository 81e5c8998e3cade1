//! Pages whose code is downloaded when first visited (issue 23).
//!
//! Pages come in groups (the sign-up, the account, an area of the console);
//! each group's drawing function is a split point (`#[lazy]`):
//! `scripts/build-frontend.sh` cuts the bundle's Wasm there
//! (`wasm-split-cli`), and the router fetches the group's chunk, with the
//! chunks it shares with other groups, before it draws one of its pages. A
//! bundle's first download is then the app's frame (brand, header, router,
//! session) and the portal's home, and nothing of the pages a visitor does
//! not open. One split point per page made hundreds of tiny shared chunks;
//! a group per area keeps them few.
//!
//! A split point is an exported function, which the linker keeps: a group
//! is therefore declared by the entry point of each bundle that routes it
//! (`src/main.rs`, `src/bin/*.rs`), never here, so a bundle holds only its
//! own groups. [`routed`](crate::routed) names the pages they draw.

/// Declares a group of pages loaded together: `$load`, their split point,
/// and one route type per page (`impl LazyRoute`) that draws it through
/// `$load`. Used by the bundles' entry points.
#[doc(hidden)]
#[macro_export]
macro_rules! lazy_group {
    ($load:ident, $pages:ident { $($route:ident => $page:ident,)* }) => {
        /// The pages of one lazy group.
        #[derive(Clone, Copy)]
        #[repr(u8)]
        #[allow(clippy::enum_variant_names)]
        enum $pages {
            $($page,)*
        }

        /// Draws one page of the group (its code is fetched on first call).
        #[::leptos::lazy]
        fn $load(page: $pages) -> ::leptos::prelude::AnyView {
            use ::leptos::prelude::IntoAny;
            match page {
                $($pages::$page => ::leptos::view! { <$page /> }.into_any(),)*
            }
        }

        $(
            #[doc = concat!("The route of [`", stringify!($page), "`], loaded on first visit.")]
            pub struct $route;

            impl ::leptos_router::LazyRoute for $route {
                fn data() -> Self {
                    $crate::stale_build::note_destination();
                    Self
                }

                async fn view(_this: Self) -> ::leptos::prelude::AnyView {
                    $load($pages::$page).await
                }
            }
        )*
    };
}

/// Declares `HomeRoute`, the route of `/`: a seller's portal home, drawn at
/// once (a visitor's first page), or Ringledger's landing page on the
/// platform's own site, loaded on first visit (its operator sign-up and
/// console finder are nothing a portal visitor needs).
#[doc(hidden)]
#[macro_export]
macro_rules! home_page {
    () => {
        mod home_page {
            use $crate::routed::*;

            /// The platform's landing page (its code is fetched on first call).
            #[::leptos::lazy]
            fn landing_page() -> ::leptos::prelude::AnyView {
                use ::leptos::prelude::IntoAny;
                ::leptos::view! { <Landing /> }.into_any()
            }

            /// `/`: the portal's home, or the platform's landing page.
            pub struct HomeRoute {
                seller: bool,
            }

            impl ::leptos_router::LazyRoute for HomeRoute {
                fn data() -> Self {
                    $crate::stale_build::note_destination();
                    Self {
                        seller: is_seller_site(),
                    }
                }

                async fn view(this: Self) -> ::leptos::prelude::AnyView {
                    use ::leptos::prelude::IntoAny;
                    if this.seller {
                        ::leptos::view! { <PortalHome /> }.into_any()
                    } else {
                        landing_page().await
                    }
                }
            }
        }
        use home_page::HomeRoute;
    };
}

/// Declares the portal visitor's pages, which every bundle routes: the
/// home ([`home_page!`]), the lazy groups of the sign-up (`SignupRoute`)
/// and of the small pages (`VerifyEmailRoute`, `CustomerForgotPasswordRoute`,
/// `ResetPasswordRoute`, `AccountLoginRoute`), and `VisitorRoutes`, their
/// route rows, with which each bundle's table starts.
#[doc(hidden)]
#[macro_export]
macro_rules! visitor_pages {
    () => {
        $crate::home_page!();

        /// The portal visitor's pages (the start of every bundle's table).
        #[::leptos::component(transparent)]
        fn VisitorRoutes() -> impl ::leptos_router::MatchNestedRoutes + Clone {
            use ::leptos_router::components::Route;
            use ::leptos_router::{Lazy, path};
            ::leptos::view! {
                <Route path=path!("/") view={Lazy::<HomeRoute>::new()} />
                <Route path=path!("/signup") view={Lazy::<SignupRoute>::new()} />
                <Route path=path!("/verify-email") view={Lazy::<VerifyEmailRoute>::new()} />
                <Route path=path!("/account/forgot-password") view={Lazy::<CustomerForgotPasswordRoute>::new()} />
                <Route path=path!("/reset-password") view={Lazy::<ResetPasswordRoute>::new()} />
                <Route path=path!("/account/login") view={Lazy::<AccountLoginRoute>::new()} />
            }
            .into_inner()
        }

        mod visitor_pages {
            use $crate::routed::*;

            $crate::lazy_group!(signup_page, SignupPages {
                SignupRoute => CustomerSignupPage,
            });
            $crate::lazy_group!(visitor_page, VisitorPages {
                VerifyEmailRoute => VerifyEmailPage,
                CustomerForgotPasswordRoute => CustomerForgotPasswordPage,
                ResetPasswordRoute => ResetPasswordPage,
                AccountLoginRoute => AccountLoginPage,
            });
        }
        use visitor_pages::*;
    };
}

/// Declares the lazy group of a customer's account (`AccountRoute`).
#[doc(hidden)]
#[macro_export]
macro_rules! account_pages {
    () => {
        mod account_pages {
            use $crate::routed::*;

            $crate::lazy_group!(account_page, AccountPages {
                AccountRoute => AccountPage,
            });
        }
        use account_pages::*;
    };
}
