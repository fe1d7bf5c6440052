using System.Collections.Generic;
using static Mci.Emulator.Metadata.TableBuilder;

namespace Mci.Emulator.Metadata
{
    /// <summary>
    /// The standard Dataverse tables (and the columns of them) that the solution touches. Sizes, ranges and
    /// choice values follow the published table reference; object type codes are Dataverse's for the classic
    /// tables. A solution that adds columns to one of these (Entities/Opportunity/Entity.xml) extends it.
    /// </summary>
    internal static class StandardTables
    {
        public static IEnumerable<TableBuilder> Create()
        {
            yield return new TableBuilder("businessunit", "businessunitid", "name", OwnershipType.BusinessOwned, 10, "Business Unit", "业务部门")
                .Text("name", 160, RequiredLevel.SystemRequired, "Name")
                .Lookup("parentbusinessunitid", "businessunit", CascadeType.Restrict)
                .Bool("isdisabled", false)
                .SystemColumns();

            yield return new TableBuilder("systemuser", "systemuserid", "fullname", OwnershipType.BusinessOwned, 8, "User", "用户")
                .Text("fullname", 200, label: "Full Name")
                .Text("firstname", 64, label: "First Name")
                .Text("lastname", 64, label: "Last Name")
                .Text("internalemailaddress", 100, label: "Primary Email")
                .Text("domainname", 1024, label: "User Name")
                .Text("title", 128, label: "Title")
                .Lookup("businessunitid", "businessunit", CascadeType.Restrict, RequiredLevel.SystemRequired)
                .Lookup("parentsystemuserid", "systemuser")
                .Bool("isdisabled", false)
                .SystemColumns();

            yield return new TableBuilder("team", "teamid", "name", OwnershipType.BusinessOwned, 9, "Team", "团队")
                .Text("name", 160, RequiredLevel.SystemRequired, "Team Name")
                .Memo("description", 2000)
                .Lookup("businessunitid", "businessunit", CascadeType.Restrict, RequiredLevel.SystemRequired)
                .Lookup("administratorid", "systemuser", CascadeType.NoCascade, RequiredLevel.SystemRequired)
                .Choice("teamtype", Option(0, "Owner", "所有者"), Option(1, "Access", "访问"), Option(2, "Security Group", "安全组"), Option(3, "Office Group", "Office 组"))
                .Bool("isdefault", false, readOnly: true)
                .SystemColumns();

            // Intersect tables of the N:N relationships teammembership_association, systemuserroles_association, teamroles_association.
            yield return Intersect("teammembership", 23, "teammembershipid", ("systemuserid", "systemuser"), ("teamid", "team"));
            yield return Intersect("systemuserroles", 0, "systemuserroleid", ("systemuserid", "systemuser"), ("roleid", "role"));
            yield return Intersect("teamroles", 0, "teamroleid", ("teamid", "team"), ("roleid", "role"));
            yield return Intersect("systemuserprofiles", 0, "systemuserprofileid", ("systemuserid", "systemuser"), ("fieldsecurityprofileid", "fieldsecurityprofile"));
            yield return Intersect("teamprofiles", 0, "teamprofileid", ("teamid", "team"), ("fieldsecurityprofileid", "fieldsecurityprofile"));

            yield return new TableBuilder("role", "roleid", "name", OwnershipType.BusinessOwned, 1036, "Security Role", "安全角色")
                .Text("name", 100, RequiredLevel.SystemRequired, "Name")
                .Lookup("businessunitid", "businessunit", CascadeType.Restrict, RequiredLevel.SystemRequired)
                .SystemColumns();

            yield return new TableBuilder("fieldsecurityprofile", "fieldsecurityprofileid", "name", OwnershipType.OrganizationOwned, 1200, "Field Security Profile", "字段安全配置文件")
                .Text("name", 256, RequiredLevel.SystemRequired, "Name")
                .Memo("description", 2000)
                .SystemColumns();

            yield return new TableBuilder("usersettings", "systemuserid", null, OwnershipType.None, 150, "User Settings", "用户设置")
                .Lookup("businessunitid", "businessunit", CascadeType.NoCascade)
                .Int("uilanguageid", 0, int.MaxValue)
                .Int("helplanguageid", 0, int.MaxValue)
                .Int("localeid", 0, int.MaxValue)
                .Int("timezonecode", 0, int.MaxValue)
                .Date("createdon", false, readOnly: true)
                .Date("modifiedon", false, readOnly: true)
                .BigInt("versionnumber", readOnly: true);

            yield return new TableBuilder("transactioncurrency", "transactioncurrencyid", "currencyname", OwnershipType.OrganizationOwned, 9105, "Currency", "货币")
                .Text("currencyname", 100, RequiredLevel.SystemRequired, "Currency Name")
                .Text("isocurrencycode", 5, RequiredLevel.SystemRequired, "Currency Code")
                .Text("currencysymbol", 13, RequiredLevel.SystemRequired, "Currency Symbol")
                .Decimal("exchangerate", 10, 0.0000000001m, 100000000000m)
                .Int("currencyprecision", 0, 4)
                .ActiveInactive()
                .SystemColumns();

            yield return new TableBuilder("account", "accountid", "name", OwnershipType.UserOwned, 1, "Account", "客户")
                .Text("name", 160, RequiredLevel.ApplicationRequired, "Account Name")
                .Text("accountnumber", 20, label: "Account Number")
                .Text("telephone1", 50, label: "Main Phone")
                .Text("emailaddress1", 100, label: "Email")
                .Memo("description", 2000, "Description")
                .Money("revenue", 0m, 100000000000000m, "Annual Revenue")
                .Int("numberofemployees", 0, 1000000000)
                .Lookup("parentaccountid", "account")
                .Lookup("primarycontactid", "contact")
                .Lookup("transactioncurrencyid", "transactioncurrency", CascadeType.Restrict)
                .ActiveInactive()
                .SystemColumns();

            yield return new TableBuilder("contact", "contactid", "fullname", OwnershipType.UserOwned, 2, "Contact", "联系人")
                .Text("fullname", 160, label: "Full Name")
                .Text("firstname", 50, label: "First Name")
                .Text("lastname", 50, RequiredLevel.ApplicationRequired, "Last Name")
                .Text("emailaddress1", 100, label: "Email")
                .Lookup("parentcustomerid", new[] { "account", "contact" }, CascadeType.Cascade, type: ColumnType.Customer)
                .Lookup("transactioncurrencyid", "transactioncurrency", CascadeType.Restrict)
                .ActiveInactive()
                .SystemColumns();

            yield return new TableBuilder("opportunity", "opportunityid", "name", OwnershipType.UserOwned, 3, "Opportunity", "商机")
                .Text("name", 300, RequiredLevel.ApplicationRequired, "Topic")
                .Lookup("customerid", new[] { "account", "contact" }, CascadeType.Cascade, type: ColumnType.Customer)
                .Lookup("parentaccountid", "account", CascadeType.Cascade)
                .Lookup("parentcontactid", "contact", CascadeType.Cascade)
                .Money("estimatedvalue", 0m, 100000000000000m, "Est. Revenue")
                .Date("estimatedclosedate", true, label: "Est. Close Date")
                .Money("actualvalue", 0m, 100000000000000m, "Actual Revenue")
                .Date("actualclosedate", true, label: "Actual Close Date")
                .Text("stepname", 200, label: "Pipeline Phase")
                .Choice("salesstage", Option(0, "Qualify", "鉴定"), Option(1, "Develop", "开发"), Option(2, "Propose", "提议"), Option(3, "Close", "结束"))
                .Int("closeprobability", 0, 100)
                .Memo("description", 2000, "Description")
                .Lookup("transactioncurrencyid", "transactioncurrency", CascadeType.Restrict)
                .StateAndStatus(
                    new[] { (0, "Open", 1), (1, "Won", 3), (2, "Lost", 4) },
                    new[] { (1, "In Progress", 0), (2, "On Hold", 0), (3, "Won", 1), (4, "Canceled", 2), (5, "Out-Sold", 2) })
                .SystemColumns();

            yield return new TableBuilder("opportunityclose", "activityid", "subject", OwnershipType.UserOwned, 4208, "Opportunity Close", "商机结束")
                .Text("subject", 200, label: "Subject")
                .Lookup("opportunityid", "opportunity", CascadeType.Cascade)
                .Money("actualrevenue", 0m, 100000000000000m, "Actual Revenue")
                .Date("actualend", true, label: "Close Date")
                .Memo("description", 2000, "Description")
                .Choice("opportunitystatecode", Option(0, "Open", "进行中"), Option(1, "Won", "赢单"), Option(2, "Lost", "丢单"))
                .Lookup("transactioncurrencyid", "transactioncurrency", CascadeType.Restrict)
                .StateAndStatus(
                    new[] { (0, "Open", 1), (1, "Completed", 2), (2, "Canceled", 3) },
                    new[] { (1, "Open", 0), (2, "Completed", 1), (3, "Canceled", 2) })
                .SystemColumns();

            yield return new TableBuilder("annotation", "annotationid", "subject", OwnershipType.UserOwned, 5, "Note", "注释")
                .Text("subject", 500, label: "Title")
                .Memo("notetext", 100000, "Description")
                .Lookup("objectid", AnyTable, CascadeType.Cascade)
                .EntityName("objecttypecode")
                .Bool("isdocument", false)
                .Text("filename", 255)
                .Text("mimetype", 256)
                .SystemColumns();

            yield return new TableBuilder("task", "activityid", "subject", OwnershipType.UserOwned, 4212, "Task", "任务")
                .Text("subject", 200, RequiredLevel.ApplicationRequired, "Subject")
                .Memo("description", 2000, "Description")
                .Lookup("regardingobjectid", AnyTable, CascadeType.Cascade)
                .Date("scheduledstart", false)
                .Date("scheduledend", false, label: "Due")
                .Date("actualend", false)
                .Int("percentcomplete", 0, 100)
                .Choice("prioritycode", Option(0, "Low", "低"), Option(1, "Normal", "正常"), Option(2, "High", "高"))
                .StateAndStatus(
                    new[] { (0, "Open", 2), (1, "Completed", 5), (2, "Canceled", 6) },
                    new[] { (2, "Not Started", 0), (3, "In Progress", 0), (4, "Waiting on someone else", 0), (7, "Deferred", 0), (5, "Completed", 1), (6, "Canceled", 2) })
                .SystemColumns();

            yield return new TableBuilder("appnotification", "appnotificationid", "title", OwnershipType.UserOwned, 0, "Notification", "通知")
                .Text("title", 4000, label: "Title")
                .Memo("body", 5000, "Body")
                .Choice("icontype", Option(100000000, "Info"), Option(100000001, "Success"), Option(100000002, "Failure"), Option(100000003, "Warning"), Option(100000004, "Mention"), Option(100000005, "Custom"))
                .Choice("toasttype", Option(200000000, "Timed"), Option(200000001, "Hidden"))
                .Choice("priority", Option(200000000, "Normal"), Option(200000001, "High"))
                .Int("ttlinseconds", 0, int.MaxValue)
                .Memo("data", 5000, "Data")
                .Bool("isread", false)
                .SystemColumns();

            yield return new TableBuilder("environmentvariabledefinition", "environmentvariabledefinitionid", "schemaname", OwnershipType.UserOwned, 380, "Environment Variable Definition", "环境变量定义")
                .Text("schemaname", 100, RequiredLevel.SystemRequired, "Schema Name")
                .Text("displayname", 100, label: "Display Name")
                .Memo("defaultvalue", 2000, "Default Value")
                .Memo("description", 2000, "Description")
                .Choice("type", Option(100000000, "String"), Option(100000001, "Number"), Option(100000002, "Boolean"), Option(100000003, "JSON"), Option(100000004, "Data source"), Option(100000005, "Secret"))
                .ActiveInactive()
                .SystemColumns();

            yield return new TableBuilder("environmentvariablevalue", "environmentvariablevalueid", "schemaname", OwnershipType.UserOwned, 381, "Environment Variable Value", "环境变量值")
                .Text("schemaname", 100, label: "Schema Name")
                .Memo("value", 2000, "Value")
                .Lookup("environmentvariabledefinitionid", "environmentvariabledefinition", CascadeType.Cascade, RequiredLevel.SystemRequired)
                .ActiveInactive()
                .SystemColumns();
        }

        /// <summary>The N:N relationships among the standard tables.</summary>
        public static IEnumerable<RelationshipMetadata> ManyToMany()
        {
            yield return NToN("teammembership_association", "systemuser", "team", "teammembership", "systemuserid", "teamid");
            yield return NToN("systemuserroles_association", "systemuser", "role", "systemuserroles", "systemuserid", "roleid");
            yield return NToN("teamroles_association", "team", "role", "teamroles", "teamid", "roleid");
            yield return NToN("systemuserprofiles_association", "systemuser", "fieldsecurityprofile", "systemuserprofiles", "systemuserid", "fieldsecurityprofileid");
            yield return NToN("teamprofiles_association", "team", "fieldsecurityprofile", "teamprofiles", "teamid", "fieldsecurityprofileid");
        }

        private static RelationshipMetadata NToN(string name, string e1, string e2, string intersect, string a1, string a2) =>
            new(name, RelationshipType.ManyToMany) { Entity1 = e1, Entity2 = e2, IntersectEntity = intersect, Entity1IntersectAttribute = a1, Entity2IntersectAttribute = a2 };

        private static TableBuilder Intersect(string name, int otc, string pk, (string Column, string Target) first, (string Column, string Target) second)
        {
            var b = new TableBuilder(name, pk, null, OwnershipType.None, otc, name, null)
                .Lookup(first.Column, first.Target, CascadeType.Cascade, RequiredLevel.SystemRequired, type: ColumnType.UniqueIdentifier)
                .Lookup(second.Column, second.Target, CascadeType.Cascade, RequiredLevel.SystemRequired, type: ColumnType.UniqueIdentifier);
            b.Table.IsIntersect = true;
            return b;
        }
    }
}
