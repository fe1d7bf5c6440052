using System;
using System.Collections.Generic;
using System.Linq;
using static Mci.SolutionModel.TableBuilder;

namespace Mci.SolutionModel
{
    /// <summary>A lookup of a platform table: its target table (<see cref="PlatformTables.TablesWithNotes"/> or
    /// <see cref="PlatformTables.TablesWithActivities"/> for the polymorphic objectid and regardingobjectid) and what deleting the
    /// target does to it.</summary>
    public sealed record PlatformLookup(string Table, string Column, string Target, CascadeBehavior CascadeDelete);

    /// <summary>
    /// The standard tables of the platform (Dataverse itself, and the Dynamics 365 Sales tables the solution builds on) and the
    /// columns of them the solution touches, in the same records a solution's tables are read into. Sizes, ranges and choice
    /// values follow the published table reference; object type codes are Dataverse's for the classic tables. What `mci check`
    /// accepts as already there, what the registration checker checks steps against, and what the emulator starts from (a
    /// solution that adds columns to one of these, as Entities/Opportunity/Entity.xml does, extends it).
    /// </summary>
    public static class PlatformTables
    {
        /// <summary>Provider of Dataverse's own tables.</summary>
        public const string System = "System";
        /// <summary>Provider of the Dynamics 365 Sales tables (opportunity, opportunityclose): a solution that uses them declares
        /// a MissingDependency on msdynce_Sales.</summary>
        public const string Sales = "msdynce_Sales";
        /// <summary>Lookup target meaning "every table with notes enabled" (<see cref="TableDefinition.HasNotes"/>): resolved when a solution is loaded.</summary>
        public const string TablesWithNotes = "*notes";
        /// <summary>Lookup target meaning "every table with activities enabled" (<see cref="TableDefinition.HasActivities"/>): resolved when a solution is loaded.</summary>
        public const string TablesWithActivities = "*activities";

        private static readonly Lazy<(IReadOnlyList<TableDefinition> Tables, IReadOnlyList<PlatformLookup> Lookups)> Built = new(() =>
        {
            var builders = Create().ToList();
            return (builders.Select(b => b.Build()).ToList(), builders.SelectMany(b => b.Lookups).ToList());
        });

        public static IReadOnlyList<TableDefinition> Tables => Built.Value.Tables;

        /// <summary>The lookups of the platform tables (the emulator makes their one-to-many relationships).</summary>
        public static IReadOnlyList<PlatformLookup> Lookups => Built.Value.Lookups;

        public static TableDefinition? Find(string logicalName) => Tables.FirstOrDefault(t => string.Equals(t.LogicalName, logicalName, StringComparison.OrdinalIgnoreCase));

        /// <summary>The table as privilege names spell it: User for systemuser, Note for annotation, ...; the name itself for others.</summary>
        public static string PrivilegeName(string logicalName) => Find(logicalName)?.PrivilegeName ?? logicalName;

        /// <summary>System columns every table has that the model does not describe (nothing in the solution writes them);
        /// checks accept them on any table.</summary>
        public static readonly IReadOnlyCollection<string> UnmodelledSystemColumns = new[]
        {
            "createdonbehalfby", "modifiedonbehalfby", "overriddencreatedon", "importsequencenumber", "timezoneruleversionnumber", "utcconversiontimezonecode",
        };

        /// <summary>The columns Dataverse gives a table a solution creates, where its XML leaves them out: created/modified
        /// on and by, version number, the owner columns of a user-owned table and, for a user- or organization-owned table, the
        /// active/inactive state and status.</summary>
        public static IEnumerable<ColumnDefinition> SystemColumnsOf(TableDefinition table)
        {
            var template = new TableBuilder(table.LogicalName, table.PrimaryIdAttribute, null, table.Ownership, 0, table.LogicalName, null).SystemColumns();
            if (!table.IsIntersect && table.Ownership is TableOwnership.UserOwned or TableOwnership.OrganizationOwned) template.ActiveInactive();
            return template.Build().Columns.Values.Where(c => c.Type != ColumnType.PrimaryKey);
        }

        private static IEnumerable<TableBuilder> Create()
        {
            yield return new TableBuilder("businessunit", "businessunitid", "name", TableOwnership.BusinessOwned, 10, "Business Unit", "业务部门", privilegeName: "BusinessUnit")
                .Text("name", 160, RequiredLevel.SystemRequired, "Name")
                .Lookup("parentbusinessunitid", "businessunit", CascadeBehavior.Restrict)
                .Bool("isdisabled", false)
                .SystemColumns();

            yield return new TableBuilder("systemuser", "systemuserid", "fullname", TableOwnership.BusinessOwned, 8, "User", "用户", privilegeName: "User")
                .Text("fullname", 200, label: "Full Name")
                .Text("firstname", 64, label: "First Name")
                .Text("lastname", 64, label: "Last Name")
                .Text("internalemailaddress", 100, label: "Primary Email")
                .Text("domainname", 1024, label: "User Name")
                .Text("title", 128, label: "Title")
                .Lookup("businessunitid", "businessunit", CascadeBehavior.Restrict, RequiredLevel.SystemRequired)
                .Lookup("parentsystemuserid", "systemuser")
                .Bool("isdisabled", false)
                .SystemColumns();

            yield return new TableBuilder("team", "teamid", "name", TableOwnership.BusinessOwned, 9, "Team", "团队", privilegeName: "Team")
                .Text("name", 160, RequiredLevel.SystemRequired, "Team Name")
                .Memo("description", 2000)
                .Lookup("businessunitid", "businessunit", CascadeBehavior.Restrict, RequiredLevel.SystemRequired)
                .Lookup("administratorid", "systemuser", CascadeBehavior.NoCascade, RequiredLevel.SystemRequired)
                .Choice("teamtype", Option(0, "Owner", "所有者"), Option(1, "Access", "访问"), Option(2, "Security Group", "安全组"), Option(3, "Office Group", "Office 组"))
                .Bool("isdefault", false, readOnly: true)
                .SystemColumns();

            // Intersect tables of the N:N relationships teammembership_association, systemuserroles_association, teamroles_association.
            yield return Intersect("teammembership", 23, "teammembershipid", ("systemuserid", "systemuser"), ("teamid", "team"));
            yield return Intersect("systemuserroles", 0, "systemuserroleid", ("systemuserid", "systemuser"), ("roleid", "role"));
            yield return Intersect("teamroles", 0, "teamroleid", ("teamid", "team"), ("roleid", "role"));
            yield return Intersect("systemuserprofiles", 0, "systemuserprofileid", ("systemuserid", "systemuser"), ("fieldsecurityprofileid", "fieldsecurityprofile"));
            yield return Intersect("teamprofiles", 0, "teamprofileid", ("teamid", "team"), ("fieldsecurityprofileid", "fieldsecurityprofile"));

            yield return new TableBuilder("role", "roleid", "name", TableOwnership.BusinessOwned, 1036, "Security Role", "安全角色", privilegeName: "Role")
                .Text("name", 100, RequiredLevel.SystemRequired, "Name")
                .Lookup("businessunitid", "businessunit", CascadeBehavior.Restrict, RequiredLevel.SystemRequired)
                .SystemColumns();

            yield return new TableBuilder("fieldsecurityprofile", "fieldsecurityprofileid", "name", TableOwnership.OrganizationOwned, 1200, "Field Security Profile", "字段安全配置文件", privilegeName: "FieldSecurityProfile")
                .Text("name", 256, RequiredLevel.SystemRequired, "Name")
                .Memo("description", 2000)
                .SystemColumns();

            yield return new TableBuilder("usersettings", "systemuserid", null, TableOwnership.None, 150, "User Settings", "用户设置", privilegeName: "UserSettings")
                .Lookup("businessunitid", "businessunit", CascadeBehavior.NoCascade)
                .Int("uilanguageid", 0, int.MaxValue)
                .Int("helplanguageid", 0, int.MaxValue)
                .Int("localeid", 0, int.MaxValue)
                .Int("timezonecode", 0, int.MaxValue)
                .Date("createdon", false, readOnly: true)
                .Date("modifiedon", false, readOnly: true)
                .BigInt("versionnumber", readOnly: true);

            yield return new TableBuilder("transactioncurrency", "transactioncurrencyid", "currencyname", TableOwnership.OrganizationOwned, 9105, "Currency", "货币", privilegeName: "TransactionCurrency")
                .Text("currencyname", 100, RequiredLevel.SystemRequired, "Currency Name")
                .Text("isocurrencycode", 5, RequiredLevel.SystemRequired, "Currency Code")
                .Text("currencysymbol", 13, RequiredLevel.SystemRequired, "Currency Symbol")
                .Decimal("exchangerate", 10, 0.0000000001m, 100000000000m)
                .Int("currencyprecision", 0, 4)
                .ActiveInactive()
                .SystemColumns();

            yield return new TableBuilder("account", "accountid", "name", TableOwnership.UserOwned, 1, "Account", "客户", privilegeName: "Account")
                .WithNotesAndActivities()
                .Text("name", 160, RequiredLevel.ApplicationRequired, "Account Name")
                .Text("accountnumber", 20, label: "Account Number")
                .Text("telephone1", 50, label: "Main Phone")
                .Text("emailaddress1", 100, label: "Email")
                .Memo("description", 2000, "Description")
                .Money("revenue", 0m, 100000000000000m, "Annual Revenue")
                .Int("numberofemployees", 0, 1000000000)
                .Lookup("parentaccountid", "account")
                .Lookup("primarycontactid", "contact")
                .Lookup("transactioncurrencyid", "transactioncurrency", CascadeBehavior.Restrict)
                .ActiveInactive()
                .SystemColumns();

            yield return new TableBuilder("contact", "contactid", "fullname", TableOwnership.UserOwned, 2, "Contact", "联系人", privilegeName: "Contact")
                .WithNotesAndActivities()
                .Text("fullname", 160, label: "Full Name")
                .Text("firstname", 50, label: "First Name")
                .Text("lastname", 50, RequiredLevel.ApplicationRequired, "Last Name")
                .Text("emailaddress1", 100, label: "Email")
                .Lookup("parentcustomerid", new[] { "account", "contact" }, CascadeBehavior.Cascade, type: ColumnType.Customer)
                .Lookup("transactioncurrencyid", "transactioncurrency", CascadeBehavior.Restrict)
                .ActiveInactive()
                .SystemColumns();

            yield return new TableBuilder("opportunity", "opportunityid", "name", TableOwnership.UserOwned, 3, "Opportunity", "商机", Sales, "Opportunity")
                .WithNotesAndActivities()
                .Text("name", 300, RequiredLevel.ApplicationRequired, "Topic")
                .Lookup("customerid", new[] { "account", "contact" }, CascadeBehavior.Cascade, type: ColumnType.Customer)
                .Lookup("parentaccountid", "account", CascadeBehavior.Cascade)
                .Lookup("parentcontactid", "contact", CascadeBehavior.Cascade)
                .Money("estimatedvalue", 0m, 100000000000000m, "Est. Revenue")
                .Date("estimatedclosedate", true, label: "Est. Close Date")
                .Money("actualvalue", 0m, 100000000000000m, "Actual Revenue")
                .Date("actualclosedate", true, label: "Actual Close Date")
                .Text("stepname", 200, label: "Pipeline Phase")
                .Choice("salesstage", Option(0, "Qualify", "鉴定"), Option(1, "Develop", "开发"), Option(2, "Propose", "提议"), Option(3, "Close", "结束"))
                .Int("closeprobability", 0, 100)
                .Memo("description", 2000, "Description")
                .Lookup("transactioncurrencyid", "transactioncurrency", CascadeBehavior.Restrict)
                // Columns of Sales's opportunity the emulator keeps but no rule uses: steps, views and forms may name them.
                .Money("estimatedvalue_base", 0m, 100000000000000m, "Est. Revenue (Base)", readOnly: true)
                .Money("actualvalue_base", 0m, 100000000000000m, "Actual Revenue (Base)", readOnly: true)
                .Money("budgetamount", 0m, 100000000000000m, "Budget Amount")
                .Choice("salesstagecode")
                .Choice("purchasetimeframe")
                .Choice("purchaseprocess")
                .Choice("opportunityratingcode")
                .Choice("prioritycode")
                .Bool("isrevenuesystemcalculated", false)
                .Decimal("exchangerate", 10, 0.0000000001m, 100000000000m)
                .Guid("stepid", readOnly: false)
                .Guid("processid", readOnly: false)
                .Guid("stageid", readOnly: false)
                .StateAndStatus(
                    new[] { (0, "Open", 1), (1, "Won", 3), (2, "Lost", 4) },
                    new[] { (1, "In Progress", 0), (2, "On Hold", 0), (3, "Won", 1), (4, "Canceled", 2), (5, "Out-Sold", 2) })
                .SystemColumns();

            yield return new TableBuilder("opportunityclose", "activityid", "subject", TableOwnership.UserOwned, 4208, "Opportunity Close", "商机结束", Sales, "Activity")
                .Text("subject", 200, label: "Subject")
                .Lookup("opportunityid", "opportunity", CascadeBehavior.Cascade)
                .Money("actualrevenue", 0m, 100000000000000m, "Actual Revenue")
                .Date("actualend", true, label: "Close Date")
                .Memo("description", 2000, "Description")
                .Choice("opportunitystatecode", Option(0, "Open", "进行中"), Option(1, "Won", "赢单"), Option(2, "Lost", "丢单"))
                .Lookup("transactioncurrencyid", "transactioncurrency", CascadeBehavior.Restrict)
                .StateAndStatus(
                    new[] { (0, "Open", 1), (1, "Completed", 2), (2, "Canceled", 3) },
                    new[] { (1, "Open", 0), (2, "Completed", 1), (3, "Canceled", 2) })
                .SystemColumns();

            yield return new TableBuilder("annotation", "annotationid", "subject", TableOwnership.UserOwned, 5, "Note", "注释", privilegeName: "Note")
                .Text("subject", 500, label: "Title")
                .Memo("notetext", 100000, "Description")
                .Lookup("objectid", TablesWithNotes, CascadeBehavior.Cascade)
                .EntityName("objecttypecode")
                .Bool("isdocument", false)
                .Text("filename", 255)
                .Text("mimetype", 256)
                .SystemColumns();

            yield return new TableBuilder("task", "activityid", "subject", TableOwnership.UserOwned, 4212, "Task", "任务", privilegeName: "Activity")
                .Text("subject", 200, RequiredLevel.ApplicationRequired, "Subject")
                .Memo("description", 2000, "Description")
                .Lookup("regardingobjectid", TablesWithActivities, CascadeBehavior.Cascade)
                .Date("scheduledstart", false)
                .Date("scheduledend", false, label: "Due")
                .Date("actualend", false)
                .Int("percentcomplete", 0, 100)
                .Choice("prioritycode", Option(0, "Low", "低"), Option(1, "Normal", "正常"), Option(2, "High", "高"))
                .StateAndStatus(
                    new[] { (0, "Open", 2), (1, "Completed", 5), (2, "Canceled", 6) },
                    new[] { (2, "Not Started", 0), (3, "In Progress", 0), (4, "Waiting on someone else", 0), (7, "Deferred", 0), (5, "Completed", 1), (6, "Canceled", 2) })
                .SystemColumns();

            yield return new TableBuilder("appnotification", "appnotificationid", "title", TableOwnership.UserOwned, 0, "Notification", "通知")
                .Text("title", 4000, label: "Title")
                .Memo("body", 5000, "Body")
                .Choice("icontype", Option(100000000, "Info"), Option(100000001, "Success"), Option(100000002, "Failure"), Option(100000003, "Warning"), Option(100000004, "Mention"), Option(100000005, "Custom"))
                .Choice("toasttype", Option(200000000, "Timed"), Option(200000001, "Hidden"))
                .Choice("priority", Option(200000000, "Normal"), Option(200000001, "High"))
                .Int("ttlinseconds", 0, int.MaxValue)
                .Memo("data", 5000, "Data")
                .Bool("isread", false)
                .SystemColumns();

            yield return new TableBuilder("environmentvariabledefinition", "environmentvariabledefinitionid", "schemaname", TableOwnership.UserOwned, 380, "Environment Variable Definition", "环境变量定义", privilegeName: "EnvironmentVariableDefinition")
                .Text("schemaname", 100, RequiredLevel.SystemRequired, "Schema Name")
                .Text("displayname", 100, label: "Display Name")
                .Memo("defaultvalue", 2000, "Default Value")
                .Memo("description", 2000, "Description")
                .Choice("type", Option(100000000, "String"), Option(100000001, "Number"), Option(100000002, "Boolean"), Option(100000003, "JSON"), Option(100000004, "Data source"), Option(100000005, "Secret"))
                .ActiveInactive()
                .SystemColumns();

            yield return new TableBuilder("environmentvariablevalue", "environmentvariablevalueid", "schemaname", TableOwnership.UserOwned, 381, "Environment Variable Value", "环境变量值", privilegeName: "EnvironmentVariableValue")
                .Text("schemaname", 100, label: "Schema Name")
                .Memo("value", 2000, "Value")
                .Lookup("environmentvariabledefinitionid", "environmentvariabledefinition", CascadeBehavior.Cascade, RequiredLevel.SystemRequired)
                .ActiveInactive()
                .SystemColumns();
        }

        /// <summary>The N:N relationships among the standard tables.</summary>
        public static IEnumerable<RelationshipDefinition> ManyToMany()
        {
            yield return NToN("teammembership_association", "systemuser", "team", "teammembership", "systemuserid", "teamid");
            yield return NToN("systemuserroles_association", "systemuser", "role", "systemuserroles", "systemuserid", "roleid");
            yield return NToN("teamroles_association", "team", "role", "teamroles", "teamid", "roleid");
            yield return NToN("systemuserprofiles_association", "systemuser", "fieldsecurityprofile", "systemuserprofiles", "systemuserid", "fieldsecurityprofileid");
            yield return NToN("teamprofiles_association", "team", "fieldsecurityprofile", "teamprofiles", "teamid", "fieldsecurityprofileid");
        }

        private static RelationshipDefinition NToN(string name, string e1, string e2, string intersect, string a1, string a2) =>
            new(name, RelationshipKind.ManyToMany) { Entity1 = e1, Entity2 = e2, IntersectEntity = intersect, Entity1IntersectAttribute = a1, Entity2IntersectAttribute = a2, Source = "platform" };

        private static TableBuilder Intersect(string name, int otc, string pk, (string Column, string Target) first, (string Column, string Target) second)
        {
            return new TableBuilder(name, pk, null, TableOwnership.None, otc, name, null)
                .Lookup(first.Column, first.Target, CascadeBehavior.Cascade, RequiredLevel.SystemRequired, type: ColumnType.UniqueIdentifier)
                .Lookup(second.Column, second.Target, CascadeBehavior.Cascade, RequiredLevel.SystemRequired, type: ColumnType.UniqueIdentifier)
                .AsIntersect();
        }
    }
}
