//! The made-up workspaces, reports and datasets behind the stand-in of
//! Power BI's embedding APIs (`routes/embed.rs`): report and dataset
//! lookups, `POST /v1.0/myorg/GenerateToken` and the report page an embed
//! URL points at. Every id here is fake.

/// A workspace on a (Premium / Embedded / Fabric) capacity that the seeded
/// service principal and every user are members of: embedding works.
pub const WORKSPACE_ID: &str = "9b7c1a2e-0e4f-4a51-9c3d-6e8f0a1b2c01";
/// A report in [`WORKSPACE_ID`] on [`DATASET_ID`] (no row-level security).
pub const REPORT_ID: &str = "9b7c1a2e-0e4f-4a51-9c3d-6e8f0a1b2d01";
/// The name of [`REPORT_ID`].
pub const REPORT_NAME: &str = "Sales Overview";
/// A second report in [`WORKSPACE_ID`], on the same dataset.
pub const SECOND_REPORT_ID: &str = "9b7c1a2e-0e4f-4a51-9c3d-6e8f0a1b2d02";
/// The name of [`SECOND_REPORT_ID`].
pub const SECOND_REPORT_NAME: &str = "Sales Details";
/// A report in [`WORKSPACE_ID`] on [`RLS_DATASET_ID`].
pub const RLS_REPORT_ID: &str = "9b7c1a2e-0e4f-4a51-9c3d-6e8f0a1b2d03";
/// The name of [`RLS_REPORT_ID`].
pub const RLS_REPORT_NAME: &str = "Regional Sales";
/// The dataset of [`REPORT_ID`] and [`SECOND_REPORT_ID`]: no row-level security.
pub const DATASET_ID: &str = "9b7c1a2e-0e4f-4a51-9c3d-6e8f0a1b2e01";
/// A dataset with row-level security (`isEffectiveIdentityRequired`).
pub const RLS_DATASET_ID: &str = "9b7c1a2e-0e4f-4a51-9c3d-6e8f0a1b2e02";
/// The roles [`RLS_DATASET_ID`] defines.
pub const RLS_ROLES: [&str; 2] = ["Region", "Manager"];

/// A workspace on shared capacity (`isOnDedicatedCapacity: false`): a
/// service principal cannot generate embed tokens for it.
pub const NO_CAPACITY_WORKSPACE_ID: &str = "9b7c1a2e-0e4f-4a51-9c3d-6e8f0a1b2c02";
/// A report in [`NO_CAPACITY_WORKSPACE_ID`].
pub const NO_CAPACITY_REPORT_ID: &str = "9b7c1a2e-0e4f-4a51-9c3d-6e8f0a1b2d04";

/// A user's My workspace (a personal group): no embed tokens at all.
pub const MY_WORKSPACE_ID: &str = "9b7c1a2e-0e4f-4a51-9c3d-6e8f0a1b2c03";
/// A report in [`MY_WORKSPACE_ID`].
pub const MY_WORKSPACE_REPORT_ID: &str = "9b7c1a2e-0e4f-4a51-9c3d-6e8f0a1b2d05";

/// A workspace on a capacity that no seeded principal is a member of.
pub const FOREIGN_WORKSPACE_ID: &str = "9b7c1a2e-0e4f-4a51-9c3d-6e8f0a1b2c04";
/// A report in [`FOREIGN_WORKSPACE_ID`].
pub const FOREIGN_REPORT_ID: &str = "9b7c1a2e-0e4f-4a51-9c3d-6e8f0a1b2d06";

/// The path of the stand-in report page an embed URL points at.
pub const REPORT_PAGE_PATH: &str = "/reportEmbed";
/// The path of the GenerateToken endpoint, for counting calls in requests().
pub const GENERATE_TOKEN_PATH: &str = "/v1.0/myorg/GenerateToken";
