using System.Diagnostics;
using System.Xml.Linq;
using Mci.SolutionModel;
using Mci.Packaging.Registration;

namespace Mci.Solution.Tests
{
    /// <summary>The data model is SPEC.md's: ownership, columns, relationships and their cascades, forms and views sellers use.</summary>
    public class ModelTests
    {
        private static SolutionDefinition M => Repo.Metadata;
        private static readonly string[] ChildTables = { "mci_opportunitysplit", "mci_allocationminutes", "mci_opportunitypartner", "mci_resourcerequest" };

        [Test]
        public void Tables_have_the_ownership_and_primary_name_they_need()
        {
            Assert.That(M.Table("mci_branch")!.Ownership, Is.EqualTo(TableOwnership.OrganizationOwned));
            Assert.That(M.Table("mci_supporttier")!.Ownership, Is.EqualTo(TableOwnership.OrganizationOwned));
            foreach (var t in ChildTables.Append("mci_partner")) Assert.That(M.Table(t)!.Ownership, Is.EqualTo(TableOwnership.UserOwned), t);
            foreach (var e in M.Tables.Where(e => !e.IsShell))
            {
                Assert.That(e.PrimaryNameAttribute, Is.EqualTo("mci_name"), e.LogicalName);
                Assert.That(e.Columns["mci_name"].MaxLength, Is.InRange(100, 200), e.LogicalName);
                Assert.That(e.Columns[e.PrimaryIdAttribute].TypeName, Is.EqualTo("primarykey"), e.LogicalName);
            }
            Assert.That(M.Table("opportunity")!.IsShell, Is.True);
            Assert.That(M.Table("opportunity")!.Columns.Keys, Has.All.StartWith("mci_"), "the shell carries only our columns");
        }

        [TestCase("mci_opportunitysplit", "mci_percent", "decimal", 0, 100, 2)]
        [TestCase("mci_partner", "mci_minmarginpercent", "decimal", 0, 100, 2)]
        [TestCase("mci_resourcerequest", "mci_escalationlevel", "int", 0, 2, null)]
        [TestCase("mci_supporttier", "mci_minamount", "money", 0, 922337203685477, 2)]
        public void Numeric_columns_have_their_ranges_and_precision(string table, string column, string type, double min, double max, int? precision)
        {
            var a = M.Table(table)!.Columns[column];
            Assert.That((a.TypeName, a.MinValue, a.MaxValue, a.Precision), Is.EqualTo((type, (decimal)min, (decimal)max, precision)));
        }

        [Test]
        public void Columns_have_the_types_spec_gives_them()
        {
            var expected = new Dictionary<string, string>
            {
                ["opportunity.mci_dualcredit"] = "bit", ["opportunity.mci_salesmode"] = "picklist", ["mci_supporttier.mci_maxamount"] = "money",
                ["mci_supporttier.mci_evaluationorder"] = "int", ["mci_opportunitypartner.mci_solutionagreedon"] = "datetime",
                ["mci_opportunitypartner.mci_solutionminutes"] = "ntext", ["mci_allocationminutes.mci_confirmedon"] = "datetime",
                ["mci_allocationminutes.mci_snapshot"] = "ntext", ["mci_opportunitysplit.mci_locked"] = "bit", ["mci_resourcerequest.mci_effortdays"] = "decimal",
            };
            foreach (var (key, type) in expected)
            {
                var parts = key.Split('.');
                Assert.That(M.Table(parts[0])!.Columns[parts[1]].TypeName, Is.EqualTo(type), key);
            }
            Assert.That(M.Table("mci_opportunitypartner")!.Columns["mci_solutionagreedon"].DateTimeBehavior, Is.EqualTo(2), "date only");
            Assert.That(M.Table("mci_allocationminutes")!.Columns["mci_confirmedon"].DateTimeBehavior, Is.EqualTo(1), "date and time, user local");
            Assert.That(M.Table("opportunity")!.Columns["mci_salesmode"].ChoiceName, Is.EqualTo("mci_salesmode"), "global choice");
            Assert.That(M.Table("mci_supporttier")!.Columns["mci_complexity"].Options, Has.Count.EqualTo(2), "global options resolved");
        }

        [Test]
        public void Every_lookup_has_one_relationship_naming_its_target()
        {
            var targets = new Dictionary<string, string>
            {
                ["opportunity.mci_branchid"] = "mci_branch", ["opportunity.mci_supporttierid"] = "mci_supporttier", ["opportunity.mci_leadteamid"] = "team",
                ["mci_branch.mci_managerid"] = "systemuser", ["mci_partner.mci_accountid"] = "account", ["mci_opportunitypartner.mci_partnerid"] = "mci_partner",
                ["mci_opportunitysplit.mci_minutesid"] = "mci_allocationminutes", ["mci_resourcerequest.mci_escalatedtoid"] = "systemuser",
            };
            foreach (var e in M.Tables)
            {
                foreach (var a in e.Columns.Values.Where(a => a.TypeName == "lookup" && a.IsCustom))
                {
                    Assert.That(a.Targets, Has.Count.EqualTo(1), $"{e.LogicalName}.{a.LogicalName}");
                    if (targets.TryGetValue($"{e.LogicalName}.{a.LogicalName}", out var t)) Assert.That(a.Targets.Single(), Is.EqualTo(t));
                }
            }
        }

        [Test]
        public void Records_that_belong_to_an_opportunity_cascade_with_it_and_minutes_only_unlink()
        {
            foreach (var child in ChildTables)
            {
                var r = M.Relationships.Single(x => x.ReferencedEntity == "opportunity" && x.ReferencingEntity == child);
                Assert.That(new[] { r.CascadeDelete, r.CascadeAssign, r.CascadeShare, r.CascadeUnshare, r.CascadeReparent }, Has.All.EqualTo(CascadeBehavior.Cascade), child);
            }
            var minutes = M.Relationships.Single(x => x.ReferencingEntity == "mci_opportunitysplit" && x.ReferencingAttribute == "mci_minutesid");
            Assert.That((minutes.CascadeDelete, minutes.CascadeAssign), Is.EqualTo((CascadeBehavior.RemoveLink, CascadeBehavior.NoCascade)));
            Assert.That(M.Relationships.Where(r => r.ReferencedEntity is "team" or "systemuser" or "account").Select(r => r.CascadeDelete), Has.All.EqualTo(CascadeBehavior.RemoveLink));
        }

        private static XElement Form(string table) =>
            XDocument.Load(Directory.GetFiles(Path.Combine(Repo.Src, "Entities", M.Table(table)!.SchemaName, "FormXml", "main")).Single()).Root!.Element("systemform")!.Element("form")!;

        [Test]
        public void The_opportunity_form_has_what_sellers_use()
        {
            var controls = Form("opportunity").Element("tabs")!.Descendants("control").ToDictionary(c => (string)c.Attribute("id")!);
            foreach (var c in new[] { "mci_supporttierid", "mci_presalesmodel", "mci_presalesteamid", "mci_dualcredit", "mci_allocationstatus" })
            {
                Assert.That((string?)controls[c].Attribute("disabled"), Is.EqualTo("true"), $"{c} is set by the solution: read-only");
            }
            Assert.That((string?)controls["mci_leadteamid"].Attribute("disabled"), Is.EqualTo("false"));
            var grids = controls.Values.Where(c => c.Element("parameters") != null).ToList();
            Assert.That(grids.Select(g => g.Element("parameters")!.Element("TargetEntityType")!.Value), Is.EquivalentTo(ChildTables));
            foreach (var g in grids)
            {
                var p = g.Element("parameters")!;
                var rel = M.Relationships.Single(r => r.SchemaName == p.Element("RelationshipName")!.Value);
                Assert.That((rel.ReferencedEntity, rel.ReferencingEntity), Is.EqualTo(("opportunity", p.Element("TargetEntityType")!.Value)));
                var view = Path.Combine(Repo.Src, "Entities", M.Table(rel.ReferencingEntity)!.SchemaName, "SavedQueries", p.Element("ViewId")!.Value + ".xml");
                Assert.That(File.Exists(view), view);
            }
        }

        [Test]
        public void Every_new_table_has_a_main_form_with_its_columns_and_an_active_view()
        {
            foreach (var e in M.Tables.Where(e => !e.IsShell))
            {
                var fields = Form(e.LogicalName).Descendants("control").Select(c => (string?)c.Attribute("datafieldname")).ToHashSet();
                var custom = e.Columns.Values.Where(a => a.IsCustom && a.CalculationOf() == null).Select(a => a.LogicalName);
                Assert.That(custom, Is.SubsetOf(fields), e.LogicalName);
                var views = Directory.GetFiles(Path.Combine(Repo.Src, "Entities", e.SchemaName, "SavedQueries")).Select(f => XDocument.Load(f).Root!.Element("savedquery")!).ToList();
                bool OnState(XElement v, string state) => v.Element("fetchxml")!.Descendants("entity").First().Elements("filter").Elements("condition")
                    .Any(c => (string?)c.Attribute("attribute") == "statecode" && (string?)c.Attribute("value") == state);
                var active = views.Single(v => v.Element("querytype")!.Value == "0" && v.Element("isdefault")!.Value == "1");
                Assert.That(OnState(active, "0"), e.LogicalName);
                // The system views an export of a new table carries: Active (default) and Inactive, Advanced Find, Associated, Quick Find,
                // Lookup; besides them, public views (querytype 0) people use, each on active rows.
                var system = views.Where(v => v.Element("querytype")!.Value != "0").Select(v => v.Element("querytype")!.Value);
                Assert.That(system, Is.EquivalentTo(new[] { "1", "2", "4", "64" }), e.LogicalName);
                var inactive = views.Single(v => v.Element("querytype")!.Value == "0" && OnState(v, "1"));
                Assert.That(inactive.Element("isdefault")!.Value, Is.EqualTo("0"), e.LogicalName);
                Assert.That(views.Where(v => v.Element("querytype")!.Value == "0" && v != inactive).Select(v => OnState(v, "0")), Has.All.True, $"{e.LogicalName}: public views list active rows");
                foreach (var type in new[] { "1", "2", "4", "64" })
                    Assert.That(views.Single(v => v.Element("querytype")!.Value == type).Element("isdefault")!.Value, Is.EqualTo("1"), $"{e.LogicalName}: the querytype {type} view is the default one");
                var columns = RegistrationChecker.Columns(M, e.LogicalName)!;
                foreach (var v in views)
                {
                    // A cell alias.column shows a linked table's column (checked by mci check's View kind); the rest are the table's own.
                    Assert.That(v.Descendants("cell").Select(c => (string)c.Attribute("name")!).Where(n => !n.Contains('.')), Is.SubsetOf(columns), e.LogicalName);
                    Assert.That(v.Element("fetchxml")!.Descendants("entity").First().Elements("attribute").Select(c => (string)c.Attribute("name")!), Is.SubsetOf(columns), e.LogicalName);
                }
            }
            var tiers = XDocument.Load(Directory.GetFiles(Path.Combine(Repo.Src, "Entities", "mci_SupportTier", "SavedQueries"))
                .Single(f => XDocument.Load(f).Descendants("querytype").Single().Value == "0" && XDocument.Load(f).Descendants("isdefault").Single().Value == "1"));
            Assert.That(tiers.Descendants("order").Single().Attribute("attribute")!.Value, Is.EqualTo("mci_evaluationorder"), "tiers listed by evaluation order");
        }

        /// <summary>
        /// The static half of least privilege; Tests/Plugins.Tests/RoleTests proves in the emulator that each role on top of
        /// Basic User does its job and is refused the rest.
        /// </summary>
        [Test]
        public void Roles_grant_what_each_job_needs_and_nothing_a_table_cannot_have()
        {
            var roles = M.Roles.ToDictionary(r => r.Name, r => r.Privileges.ToDictionary(p => p.Name, p => p.LevelName, StringComparer.OrdinalIgnoreCase));
            foreach (var t in new[] { "mci_opportunitysplit", "mci_opportunitypartner", "mci_resourcerequest", "mci_allocationminutes" })
            {
                Assert.That(roles["MCI Seller"]["prvCreate" + t], Is.EqualTo("Basic"), "a seller owns what they create: " + t);
                Assert.That((roles["MCI Seller"]["prvRead" + t], roles["MCI Seller"]["prvWrite" + t], roles["MCI Seller"]["prvAppend" + t]), Is.EqualTo(("Local", "Local", "Local")), "the business unit's deals: " + t);
            }
            foreach (var t in new[] { "mci_supporttier", "mci_branch", "mci_partner" }) Assert.That(roles["MCI Seller"]["prvRead" + t], Is.EqualTo("Global"), t);
            Assert.That(roles["MCI Sales Executive"]["prvWritemci_allocationminutes"], Is.EqualTo("Global"));
            Assert.That(roles["MCI Sales Executive"]["prvWriteOpportunity"], Is.EqualTo("Global"), "wins deals");
            Assert.That(roles["MCI Partner Manager"]["prvWritemci_partner"], Is.EqualTo("Global"));
            Assert.That(roles["MCI Presales"]["prvWritemci_resourcerequest"], Is.EqualTo("Local"));
            foreach (var verb in new[] { "Create", "Read", "Write", "Delete", "Append" })
            {
                foreach (var t in new[] { "mci_supporttier", "mci_branch" }) Assert.That(roles["MCI Administrator"]["prv" + verb + t], Is.EqualTo("Global"), verb + t);
            }
            foreach (var verb in new[] { "Create", "Write", "Delete" })
            {
                Assert.That(roles["MCI Administrator"]["prv" + verb + "environmentvariablevalue"], Is.EqualTo("Global"), verb);
                foreach (var t in new[] { "mci_supporttier", "mci_branch" })
                    Assert.That(roles.Where(r => r.Value.ContainsKey("prv" + verb + t)).Select(r => r.Key), Is.EqualTo(new[] { "MCI Administrator" }), verb + t);
            }
            Assert.That(roles.Where(r => r.Value.ContainsKey("prvCreatemci_partner")).Select(r => r.Key), Is.EquivalentTo(new[] { "MCI Partner Manager", "MCI Administrator" }));
            Assert.That(roles["MCI Administrator"].Keys.Where(p => ChildTables.Any(t => p.EndsWith(t, StringComparison.OrdinalIgnoreCase)) || p.EndsWith("Opportunity", StringComparison.OrdinalIgnoreCase)),
                Is.EquivalentTo(new[] { "prvReadmci_ResourceRequest", "prvWritemci_ResourceRequest" }),
                "the administrator keeps reference data, not deals; only the escalation evaluation it runs reads requests and saves a due one's level");

            // Basic User (which every user has) already grants these; a role repeating them would only blur what it adds.
            string[] basicUser = { "prvReadUser", "prvReadTeam", "prvReadBusinessUnit", "prvCreateNote", "prvReadEnvironmentVariableDefinition", "prvReadEnvironmentVariableValue", "prvReadUserSettings", "prvWriteUserSettings" };
            // Creating and assigning deals is Dynamics 365 Sales's privilege (Salesperson); sharing adds nothing where everyone who needs a row reads it at its depth.
            foreach (var (name, privileges) in roles)
            {
                Assert.That(privileges.Keys.Intersect(basicUser, StringComparer.OrdinalIgnoreCase), Is.Empty, name);
                Assert.That(privileges.Keys, Has.None.EqualTo("prvCreateOpportunity").IgnoreCase.And.None.EqualTo("prvDeleteOpportunity").IgnoreCase.And.None.StartsWith("prvShare"), name);
            }

            var tables = M.Tables.Select(t => t.LogicalName).Where(k => k.StartsWith("mci_", StringComparison.Ordinal)).ToList();
            foreach (var (name, privileges) in roles)
            {
                foreach (var (privilege, level) in privileges.Where(p => p.Key.Contains("mci_")))
                {
                    var table = tables.SingleOrDefault(t => privilege.EndsWith(t, StringComparison.OrdinalIgnoreCase));
                    Assert.That(table, Is.Not.Null, $"{name}: {privilege} names no table of the solution");
                    if (M.Table(table!)!.Ownership == TableOwnership.OrganizationOwned)
                    {
                        Assert.That(level, Is.EqualTo("Global"), $"{name}: {privilege} on an organization-owned table");
                        Assert.That(privilege, Does.Not.StartWith("prvAssign").And.Not.StartWith("prvShare"), name);
                    }
                }
            }
        }

        [Test]
        public void Secured_columns_and_field_security_profiles_match()
        {
            var secured = M.Tables.SelectMany(e => e.Columns.Values.Where(a => a.IsSecured).Select(a => $"{e.LogicalName}.{a.LogicalName}")).ToHashSet();
            var profiled = M.FieldSecurityProfiles.SelectMany(p => p.Permissions.Select(x => $"{x.Entity}.{x.Attribute}")).ToHashSet();
            Assert.That(profiled, Is.EquivalentTo(secured));
            var commercials = M.FieldSecurityProfiles.Single(p => p.Name == "MCI Partner Commercials");
            Assert.That(commercials.Permissions.Select(p => p.Attribute), Is.EquivalentTo(new[] { "mci_partnercost", "mci_floorprice", "mci_marginpercent" }));
            Assert.That(commercials.Permissions, Has.All.Matches<FieldPermissionDefinition>(p => p.CanRead && p.CanCreate && p.CanUpdate));
            var approvers = M.FieldSecurityProfiles.Single(p => p.Name == "MCI Allocation Approvers").Permissions.Single();
            var contributors = M.FieldSecurityProfiles.Single(p => p.Name == "MCI Allocation Contributors").Permissions.Single();
            Assert.That((approvers.Attribute, approvers.CanUpdate), Is.EqualTo(("mci_status", true)), "approvers confirm minutes");
            Assert.That((contributors.Attribute, contributors.CanRead, contributors.CanCreate, contributors.CanUpdate), Is.EqualTo(("mci_status", true, true, false)), "others see and draft, never confirm");
        }

        [Test]
        public void Environment_variables_have_their_types_and_defaults()
        {
            var v = M.EnvironmentVariables.ToDictionary(x => x.SchemaName);
            Assert.That((v["mci_DefaultMinimumPartnerMargin"].Type, v["mci_DefaultMinimumPartnerMargin"].DefaultValue), Is.EqualTo((EnvironmentVariableType.Number, "10")));
            Assert.That((v["mci_EscalationLeadDays"].Type, v["mci_EscalationLeadDays"].DefaultValue), Is.EqualTo((EnvironmentVariableType.Number, "5")));
            Assert.That((v["mci_SalesExecutiveEmail"].Type, v["mci_SalesExecutiveEmail"].DefaultValue, v["mci_SalesExecutiveEmail"].IsRequired), Is.EqualTo((EnvironmentVariableType.String, (string?)null, true)));
        }

        [Test]
        public void The_assemblies_take_their_version_from_Solution_xml()
        {
            var version = Version.Parse(XDocument.Load(Path.Combine(Repo.Src, "Other", "Solution.xml")).Root!.Element("SolutionManifest")!.Element("Version")!.Value);
            foreach (var dll in Repo.SandboxAssemblies.Concat(Repo.Net10Assemblies))
            {
                Assert.That(System.Reflection.AssemblyName.GetAssemblyName(dll).Version, Is.EqualTo(new Version(version.Major, version.Minor, 0, 0)), dll);
                Assert.That(FileVersionInfo.GetVersionInfo(dll).FileVersion, Is.EqualTo(version.ToString()), dll);
            }
        }
    }

    internal static class AttributeExtensions
    {
        /// <summary>The column a computed _base money column mirrors (null for ordinary columns).</summary>
        public static string? CalculationOf(this ColumnDefinition a) => a.LogicalName.EndsWith("_base", StringComparison.Ordinal) ? a.LogicalName[..^5] : null;
    }
}
