using System.Text.RegularExpressions;
using System.Xml.Linq;
using Mci.SolutionModel;

namespace Mci.Solution.Tests
{
    /// <summary>
    /// What sellers and admins see, in both zips the build writes (customizations.xml and solution.xml as an import reads
    /// them): the MCI app and its site map, the form script, the role-based MCI opportunity form with its timeline, header and
    /// grids, a main and a quick-create form per MCI table, and the views people use. The element shapes are compared with a
    /// real export in RealZipShapeTests, the schemas in SchemaValidationTests, the references in ImportCheckTests.
    /// </summary>
    [TestFixture(true)]
    [TestFixture(false)]
    public class UserInterfaceTests
    {
        private readonly bool _managed;
        private Package _package = null!;

        public UserInterfaceTests(bool managed) => _managed = managed;

        private const string App = "mci_MCI";
        private const string Script = "mci_/scripts/opportunity.js";
        private const string OpportunityFormId = "{66d29029-7a32-5cbc-8076-5804ac275c2a}";

        private static readonly string[] MciTables =
            { "mci_allocationminutes", "mci_branch", "mci_opportunitypartner", "mci_opportunitysplit", "mci_partner", "mci_resourcerequest", "mci_supporttier" };

        [OneTimeSetUp]
        public void ReadZip() => _package = Package.Read(Repo.BuiltZips.Single(z => z.EndsWith("_managed.zip", StringComparison.Ordinal) == _managed));

        private XElement Customizations => _package.Customizations.Root!;

        /// <summary>The five MCI roles, as the zip carries them.</summary>
        private IReadOnlyList<string> RoleIds() =>
            Customizations.Element("Roles")!.Elements("Role").Where(r => ((string)r.Attribute("name")!).StartsWith("MCI ", StringComparison.Ordinal))
                .Select(r => Guid.Parse((string)r.Attribute("id")!).ToString("B")).ToList();

        private XElement Entity(string logicalName) =>
            Customizations.Element("Entities")!.Elements("Entity").Single(e => e.Element("Name")!.Value.ToLowerInvariant() == logicalName);

        private IEnumerable<XElement> Forms(string logicalName, string type) =>
            Entity(logicalName).Element("FormXml")?.Elements("forms").Where(f => (string?)f.Attribute("type") == type).Elements("systemform") ?? Enumerable.Empty<XElement>();

        private IEnumerable<XElement> Views(string logicalName) =>
            Entity(logicalName).Element("SavedQueries")?.Element("savedqueries")?.Elements("savedquery") ?? Enumerable.Empty<XElement>();

        private XElement View(string logicalName, string englishName) =>
            Views(logicalName).Single(v => Name(v.Element("LocalizedNames"), 1033) == englishName);

        private static string? Name(XElement? localized, int lcid) =>
            (string?)localized?.Elements().FirstOrDefault(n => (string?)n.Attribute("languagecode") == lcid.ToString())?.Attribute("description");

        private static void Bilingual(XElement? localized, string what)
        {
            Assert.That(Name(localized, 1033), Is.Not.Null.And.Not.Empty, what + " in English (1033)");
            Assert.That(Name(localized, 2052), Is.Not.Null.And.Not.Empty.And.Match(@"\p{IsCJKUnifiedIdeographs}"), what + " in Simplified Chinese (2052)");
        }

        private static IReadOnlyList<string> Conditions(XElement view) =>
            view.Element("fetchxml")!.Descendants("condition").Select(c => $"{c.Parent!.Parent!.Attribute("name")?.Value ?? ""}:{c.Attribute("attribute")!.Value} {c.Attribute("operator")!.Value} {c.Attribute("value")?.Value}").ToList();

        private static IReadOnlyList<string> Cells(XElement view) => view.Element("layoutxml")!.Descendants("cell").Select(c => (string)c.Attribute("name")!).ToList();

        // ---------- the app ----------

        [Test]
        public void The_MCI_app_is_for_the_five_MCI_roles_and_holds_the_tables_forms_views_and_site_map()
        {
            var app = Customizations.Element("AppModules")!.Elements("AppModule").Single();
            var components = app.Element("AppModuleComponents")!.Elements().Select(c => ((string)c.Attribute("type")!, (string?)c.Attribute("schemaName") ?? (string)c.Attribute("id")!)).ToList();
            string[] Of(string type) => components.Where(c => c.Item1 == type).Select(c => c.Item2).ToArray();
            var mciForms = MciTables.SelectMany(t => Forms(t, "main").Concat(Forms(t, "quickCreate"))).Select(f => f.Element("formid")!.Value).ToList();
            var publicViews = MciTables.SelectMany(Views).Where(v => v.Element("querytype")!.Value == "0").Select(v => v.Element("savedqueryid")!.Value).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(app.Element("UniqueName")!.Value, Is.EqualTo(App));
                // The element order of a real export's app (SalesWin, DEFRA/trade-imports-pims), with Descriptions after LocalizedNames as in the CoE kit.
                Assert.That(app.Elements().Select(e => e.Name.LocalName), Is.EqualTo(new[]
                {
                    "UniqueName", "IntroducedVersion", "WebResourceId", "OptimizedFor", "statecode", "statuscode", "FormFactor", "ClientType", "NavigationType",
                    "AppModuleComponents", "AppModuleRoleMaps", "LocalizedNames", "Descriptions",
                }));
                Bilingual(app.Element("LocalizedNames"), "the app's name");
                Bilingual(app.Element("Descriptions"), "the app's description");
                Assert.That(app.Element("AppModuleRoleMaps")!.Elements("Role").Select(r => (string)r.Attribute("id")!), Is.EquivalentTo(RoleIds()), "the five MCI roles");
                Assert.That(RoleIds(), Has.Count.EqualTo(5));
                Assert.That(Of("1"), Is.SupersetOf(MciTables.Append("opportunity")), "the MCI tables and the opportunity");
                Assert.That(Of("1"), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal), "tables by name, as exports list them");
                Assert.That(Of("60"), Is.EquivalentTo(mciForms.Prepend(OpportunityFormId)), "the MCI opportunity form (the app's only opportunity form) and each MCI table's main and quick-create form");
                Assert.That(Of("26"), Is.EquivalentTo(publicViews), "the public views of the MCI tables");
                Assert.That(Of("62"), Is.EqualTo(new[] { App }), "its site map");
                Assert.That(components.Select(c => int.Parse(c.Item1)), Is.Ordered, "components by type: tables, views, forms, site map");
                Assert.That(app.Element("WebResourceId")!.Value, Is.EqualTo("953b9fac-1e5e-e611-80d6-00155ded156f"), "the default app icon, as exports name it");
            });
        }

        [Test]
        public void The_site_map_has_the_Sales_Partners_and_Settings_areas_in_both_languages()
        {
            var map = Customizations.Element("AppModuleSiteMaps")!.Elements("AppModuleSiteMap").Single();
            Assert.That(map.Element("SiteMapUniqueName")!.Value, Is.EqualTo(App));
            Bilingual(map.Element("LocalizedNames"), "the site map's name");
            string Title(XElement e, int lcid) => (string)e.Element("Titles")!.Elements("Title").Single(t => (string?)t.Attribute("LCID") == lcid.ToString()).Attribute("Title")!;
            var areas = map.Element("SiteMap")!.Elements("Area").Select(a => (Title(a, 1033), Title(a, 2052), a.Descendants("SubArea").Select(s => (string)s.Attribute("Entity")!).ToArray())).ToList();
            Assert.That(areas, Is.EqualTo(new[]
            {
                ("Sales", "销售", new[] { "opportunity", "mci_resourcerequest", "mci_allocationminutes" }),
                ("Partners", "合作伙伴", new[] { "mci_partner", "mci_opportunitypartner" }),
                ("Settings", "设置", new[] { "mci_supporttier", "mci_branch" }),
            }));
            foreach (var group in map.Descendants("Group"))
            {
                Assert.That(Title(group, 1033), Is.Not.Empty);
                Assert.That(Title(group, 2052), Does.Match(@"\p{IsCJKUnifiedIdeographs}"));
            }
            // A subarea on a table takes the table's own (bilingual) plural name, as the designer writes it.
            Assert.That(map.Descendants("SubArea").Select(s => s.Attribute("Id")!.Value), Is.Unique);
        }

        [Test]
        public void Solution_xml_lists_the_app_its_site_map_and_the_script_and_the_icon_the_app_needs()
        {
            var roots = _package.Manifest.Element("RootComponents")!.Elements().Select(r => ((string)r.Attribute("type")!, (string?)r.Attribute("schemaName"), (string)r.Attribute("behavior")!)).ToList();
            Assert.That(roots, Does.Contain(("61", (string?)Script, "0")).And.Contain(("62", (string?)App, "0")).And.Contain(("80", (string?)App, "0")));
            var icon = _package.Manifest.Element("MissingDependencies")!.Elements().Single(m => (string?)m.Element("Dependent")!.Attribute("type") == "80");
            Assert.That(((string?)icon.Element("Required")!.Attribute("type"), (string?)icon.Element("Required")!.Attribute("schemaName"), (string?)icon.Element("Dependent")!.Attribute("schemaName")),
                Is.EqualTo(("61", "msdyn_/Images/AppModule_Default_Icon.png", App)), "the default app icon comes from AppModuleWebResources, as the real export of an app declares");
        }

        // ---------- the form script ----------

        [Test]
        public void The_form_script_ships_as_the_web_resource_the_form_loads()
        {
            var resource = Customizations.Element("WebResources")!.Elements("WebResource").Single();
            var fileName = resource.Element("FileName")!.Value;
            var built = File.ReadAllBytes(Path.Combine(Repo.Src, "WebResources", "mci_", "scripts", "opportunity.js"));
            Assert.Multiple(() =>
            {
                Assert.That((resource.Element("Name")!.Value, resource.Element("WebResourceType")!.Value), Is.EqualTo((Script, "3")), "a script (JScript) named as the form names it");
                Assert.That(fileName, Is.EqualTo(WebResourceDefinition.ExportFileName(Script, Guid.Parse(resource.Element("WebResourceId")!.Value))), "the zip entry named as exports name it");
                Assert.That(_package.Entries[fileName.TrimStart('/')], Is.EqualTo(built), "the committed build of WebResources/src, byte for byte");
                var types = XDocument.Load(new MemoryStream(_package.Entries["[Content_Types].xml"])).Root!;
                Assert.That(types.Elements().Select(e => (string?)e.Attribute("PartName")), Has.Member(fileName), "an Override names the extension-less part");
                Assert.That(Forms("opportunity", "main").Single().Descendants("Library").Select(l => (string)l.Attribute("name")!), Is.EqualTo(new[] { Script }));
            });
        }

        /// <summary>The formLibraries and events WebResources/README.md gives, the form carries: one place says what the script needs.</summary>
        [Test]
        public void The_opportunity_form_registers_the_script_exactly_as_WebResources_README_gives_it()
        {
            var readme = File.ReadAllText(Path.Combine(Repo.Root, "WebResources", "README.md"));
            var block = Regex.Match(readme, "```xml\\s*(?<xml><formLibraries>.*?</events>)\\s*```", RegexOptions.Singleline).Groups["xml"].Value;
            Assert.That(block, Is.Not.Empty, "WebResources/README.md gives the form wiring as an xml block");
            var expected = XElement.Parse($"<form>{block}</form>");
            var form = Forms("opportunity", "main").Single().Element("form")!;
            Assert.That(XNode.DeepEquals(Normalized(form.Element("formLibraries")!), Normalized(expected.Element("formLibraries")!)), form.Element("formLibraries")!.ToString());
            Assert.That(XNode.DeepEquals(Normalized(form.Element("events")!), Normalized(expected.Element("events")!)), form.Element("events")!.ToString());
        }

        private static XElement Normalized(XElement e) => XElement.Parse(e.ToString(SaveOptions.DisableFormatting), LoadOptions.None);

        // ---------- the MCI opportunity form ----------

        [Test]
        public void The_MCI_opportunity_form_adds_to_Sales_shown_only_to_the_MCI_roles()
        {
            var form = Forms("opportunity", "main").Single();
            var display = form.Element("form")!.Element("DisplayConditions")!;
            Assert.Multiple(() =>
            {
                Assert.That(form.Element("formid")!.Value, Is.EqualTo(OpportunityFormId));
                Assert.That(display.Element("Everyone"), Is.Null, "not shown to everyone: a Sales user without an MCI role keeps the Sales forms");
                Assert.That(display.Elements("Role").Select(r => Guid.Parse((string)r.Attribute("Id")!).ToString("B")), Is.EquivalentTo(RoleIds()));
                Assert.That((string?)display.Attribute("FallbackForm"), Is.EqualTo("false"), "never the form for users no role-based form fits");
                Assert.That(int.Parse((string)display.Attribute("Order")!), Is.GreaterThan(1), "after the Sales forms in the form order, so Sales Hub keeps opening its own form");
                Bilingual(form.Element("LocalizedNames"), "the form's name");
            });
        }

        [Test]
        public void The_MCI_opportunity_form_has_the_timeline_the_header_the_grids_and_the_fields_the_script_needs()
        {
            var form = Forms("opportunity", "main").Single().Element("form")!;
            var controls = form.Element("tabs")!.Descendants("control").ToList();
            XElement Grid(string target) => controls.Single(c => c.Element("parameters")?.Element("TargetEntityType")?.Value == target);
            Assert.Multiple(() =>
            {
                Assert.That(controls.Count(c => (string?)c.Attribute("classid") is { } id && id.Equals("{06375649-c143-495e-a496-c962e5b4488e}", StringComparison.OrdinalIgnoreCase)
                                                && (string?)c.Attribute("id") == "notescontrol"), Is.EqualTo(1), "the timeline: the change notes MCI writes show there");
                Assert.That(form.Element("header")!.Descendants("control").Select(c => ((string?)c.Attribute("id"), (string?)c.Attribute("datafieldname"), (string?)c.Attribute("disabled"))),
                    Is.EqualTo(new[] { ("header_mci_allocationstatus", "mci_allocationstatus", "true"), ("header_mci_supporttierid", "mci_supporttierid", "true") }), "allocation status and support tier in the header, read-only");
                foreach (var field in new[] { "mci_presalesmodel", "mci_presalesteamid", "mci_branchid" })
                    Assert.That(controls.Select(c => (string?)c.Attribute("datafieldname")), Has.Member(field), "the script reads " + field);
                var split = Grid("mci_opportunitysplit");
                Assert.That((string?)split.Attribute("id"), Is.EqualTo("SplitLines"), "the control the script binds to (Mci.Opportunity.SplitLinesControl)");
                Assert.That(split.Element("parameters")!.Element("RelationshipName")!.Value, Is.EqualTo("mci_opportunity_opportunitysplit_opportunityid"));
                var view = Views("mci_opportunitysplit").Single(v => v.Element("savedqueryid")!.Value == split.Element("parameters")!.Element("ViewId")!.Value);
                Assert.That(Cells(view), Is.SupersetOf(new[] { "mci_teamid", "mci_splittype", "mci_percent", "mci_amount", "mci_locked" }), "team, type, percent, amount, locked");
                Assert.That(Name(view.Element("LocalizedNames"), 1033), Is.EqualTo("Active Split Lines of the Opportunity"));
                foreach (var (target, relationship) in new[] { ("mci_allocationminutes", "mci_opportunity_allocationminutes_opportunityid"), ("mci_opportunitypartner", "mci_opportunity_opportunitypartner_opportunityid"), ("mci_resourcerequest", "mci_opportunity_resourcerequest_opportunityid") })
                    Assert.That(Grid(target).Element("parameters")!.Element("RelationshipName")!.Value, Is.EqualTo(relationship), target + " grid");
                // The split grid sits on the first tab, so its OnLoad fires when the form opens.
                Assert.That(form.Element("tabs")!.Elements("tab").First().Descendants("control").Select(c => (string?)c.Attribute("id")), Has.Member("SplitLines"));
            });
        }

        // ---------- the MCI tables' forms ----------

        [Test]
        public void Every_MCI_table_has_a_main_and_a_quick_create_form_in_both_languages()
        {
            var model = Repo.Metadata;
            foreach (var table in MciTables)
            {
                var main = Forms(table, "main").Single();
                var quick = Forms(table, "quickCreate").Single();
                Assert.That(Entity(table).Element("EntityInfo")!.Element("entity")!.Element("IsQuickCreateEnabled")!.Value, Is.EqualTo("1"), $"{table}: quick create is enabled, or Dataverse ignores the form");
                foreach (var form in new[] { main, quick })
                {
                    Bilingual(form.Element("LocalizedNames"), $"{table} form name");
                    foreach (var labelled in form.Descendants().Where(e => e.Name.LocalName is "tab" or "section" or "cell"))
                        Bilingual(labelled.Element("labels"), $"{table}: {labelled.Name.LocalName} {labelled.Attribute("name")?.Value ?? labelled.Attribute("id")?.Value}");
                    Assert.That(form.Element("form")!.Element("DisplayConditions")!.Element("Everyone"), Is.Not.Null, $"{table}: the table's privileges decide who sees it");
                }
                // A quick-create form asks for what a person must give: every required column, except a choice whose default MCI stores.
                var fields = quick.Descendants("control").Select(c => (string?)c.Attribute("datafieldname")).ToHashSet();
                var required = model.Table(table)!.Columns.Values.Where(c => c.IsCustom && c.RequiredLevel == RequiredLevel.ApplicationRequired && !(c.Choice != null && c.DefaultValue != null));
                Assert.That(required.Select(c => c.LogicalName), Is.SubsetOf(fields), table + " quick create");
                Assert.That(quick.Descendants("control").Where(c => (string?)c.Attribute("disabled") == "true"), Is.Empty, $"{table}: a quick-create form holds only what a person enters");
            }
            // Field security hides the secured columns from whom it must; the forms keep them for those it shows them to.
            Assert.That(Forms("mci_opportunitypartner", "main").Single().Descendants("control").Select(c => (string?)c.Attribute("datafieldname")),
                Is.SupersetOf(new[] { "mci_partnercost", "mci_floorprice", "mci_marginpercent" }));
            // Escalation tasks are regarding the request: its form has the timeline too.
            Assert.That(Forms("mci_resourcerequest", "main").Single().Descendants("control").Select(c => (string?)c.Attribute("id")), Has.Member("notescontrol"));
            // A timeline shows the notes and activities of a row only where the table has them enabled, and a task or note about
            // a row of any other table is refused: the zip's tables with a timeline carry both flags, or are standard tables
            // that have them (opportunity).
            foreach (var entity in Customizations.Element("Entities")!.Elements("Entity")
                         .Where(e => e.Element("FormXml")?.Descendants("control").Any(c => (string?)c.Attribute("id") == "notescontrol") == true))
            {
                var name = entity.Element("Name")!.Value.ToLowerInvariant();
                var info = entity.Element("EntityInfo")?.Element("entity");
                var flags = ((string?)info?.Element("HasRelatedNotes"), (string?)info?.Element("HasRelatedActivities"));
                var platform = PlatformTables.Find(name);
                Assert.That(platform is { HasNotes: true, HasActivities: true } || flags == ("True", "True"), Is.True,
                    $"{name} has a timeline: <HasRelatedNotes>True</HasRelatedNotes> and <HasRelatedActivities>True</HasRelatedActivities> in its Entity.xml (found {flags})");
            }
        }

        // ---------- views ----------

        [Test]
        public void The_views_people_use_list_what_their_names_say()
        {
            Assert.Multiple(() =>
            {
                var minutes = View("mci_allocationminutes", "Minutes Awaiting Confirmation");
                Assert.That(Conditions(minutes), Is.EquivalentTo(new[]
                {
                    "mci_allocationminutes:statecode eq 0", "mci_allocationminutes:mci_status eq 613000000",
                    "opportunity:mci_allocationstatus eq 613000001", "opportunity:mci_allocationstatus eq 613000003",
                }), "Draft minutes of deals whose allocation is Draft or Reopened");
                Assert.That(Name(minutes.Element("Descriptions"), 1033), Does.Contain("cannot add up split lines"), "the description says what the view cannot check");

                var exceptions = View("mci_opportunitypartner", "Partner Engagements with a Requested Exception");
                Assert.That(Conditions(exceptions), Is.EquivalentTo(new[] { "mci_opportunitypartner:statecode eq 0", "mci_opportunitypartner:mci_exceptionstatus eq 613000001" }));

                var escalated = View("mci_resourcerequest", "Escalated Resource Requests");
                Assert.That(Conditions(escalated), Is.EquivalentTo(new[] { "mci_resourcerequest:statecode eq 0", "mci_resourcerequest:mci_status eq 613000003" }));
                Assert.That(Cells(escalated), Is.SupersetOf(new[] { "mci_escalationlevel", "mci_escalatedtoid", "mci_neededby" }));

                var tiers = View("mci_supporttier", "Support Tiers in Evaluation Order");
                Assert.That(tiers.Element("fetchxml")!.Descendants("order").Select(o => ((string)o.Attribute("attribute")!, (string)o.Attribute("descending")!)), Is.EqualTo(new[] { ("mci_evaluationorder", "false") }));
                Assert.That(tiers.Element("isdefault")!.Value, Is.EqualTo("1"), "the admin's default list of tiers");

                var lines = View("mci_opportunitysplit", "Active Split Lines of the Opportunity");
                Assert.That(Cells(lines), Is.SupersetOf(new[] { "mci_teamid", "mci_splittype", "mci_percent", "mci_amount", "mci_locked" }));

                foreach (var v in new[] { minutes, exceptions, escalated, tiers, lines })
                {
                    Assert.That(v.Element("querytype")!.Value, Is.EqualTo("0"), "a public view");
                    Bilingual(v.Element("LocalizedNames"), "view name");
                    Bilingual(v.Element("Descriptions"), "view description");
                }
            });
        }

        [Test]
        public void Each_table_has_a_lookup_and_a_quick_find_view_on_its_name_and_key_columns()
        {
            foreach (var table in MciTables)
            {
                var lookup = Views(table).Single(v => v.Element("querytype")!.Value == "64");
                var find = Views(table).Single(v => v.Element("querytype")!.Value == "4");
                var columns = Repo.Metadata.Table(table)!.Columns;
                Assert.Multiple(() =>
                {
                    Assert.That(Cells(lookup).First(), Is.EqualTo("mci_name"), table + " lookup view shows the name first");
                    Assert.That(Cells(lookup).Skip(1).Where(c => c is not ("createdon" or "modifiedon")), Is.Not.Empty, table + " lookup view shows key columns beside the name");
                    Assert.That(find.Element("isquickfindquery")!.Value, Is.EqualTo("1"));
                    var searched = find.Element("fetchxml")!.Descendants("filter").Single(f => (string?)f.Attribute("isquickfindfields") == "1")
                        .Elements("condition").Select(c => ((string)c.Attribute("attribute")!, (string)c.Attribute("operator")!, (string?)c.Attribute("value"))).ToList();
                    Assert.That(searched, Has.All.Matches<(string, string, string?)>(c => c.Item2 == "like" && c.Item3 == "{0}"), table);
                    Assert.That(searched.Select(c => c.Item1).First(), Is.EqualTo("mci_name"), table + " quick find searches the name");
                    Assert.That(searched.Skip(1).Select(c => columns[c.Item1].Type), Is.Not.Empty.And.All.EqualTo(ColumnType.Lookup), table + " and its key lookups (by their names)");
                    Assert.That(Cells(find), Is.SupersetOf(searched.Select(c => c.Item1)), table + ": what quick find searches, it shows");
                    foreach (var v in new[] { lookup, find }) Bilingual(v.Element("LocalizedNames"), table + " view name");
                });
            }
        }
    }
}
