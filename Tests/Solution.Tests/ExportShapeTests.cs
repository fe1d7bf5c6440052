using System.Text.RegularExpressions;
using System.Xml.Linq;
using Mci.SolutionModel;

namespace Mci.Solution.Tests
{
    /// <summary>
    /// Solution/src against the shape of real 9.2 exports, where an import reads names and codes, not just structure: the
    /// XSD check (SchemaValidationTests) accepts a wrong control classid, a privilege name in the wrong case or a step
    /// without an element exports carry. Sources compared: YarSol/deploytest (a 9.2.23081 export extending opportunity:
    /// Other/Solution.xml, Entities/Opportunity, its main form, SdkMessageProcessingSteps), microsoft/coe-starter-kit
    /// (Roles, environmentvariabledefinitions), microsoft/powercat-automation-kit and microsoft/powercat-business-approvals-kit
    /// (customapis, the timeline flag in Entity.xml) and Microsoft's form XML control list.
    /// </summary>
    public class ExportShapeTests
    {
        private static SolutionDefinition M => Repo.Metadata;

        // ---------- forms ----------

        /// <summary>Form control classids (Microsoft's form XML schema reference; the real opportunity form uses these spellings in either case).</summary>
        private static readonly Dictionary<string, string> ClassIds = new(StringComparer.OrdinalIgnoreCase)
        {
            ["{4273EDBD-AC1D-40d3-9FB2-095C621B552D}"] = "TextBox",
            ["{E0DECE4B-6FC8-4a8f-A065-082708572369}"] = "TextArea",
            ["{ADA2203E-B4CD-49be-9DDF-234642B43B52}"] = "EmailAddress",
            ["{71716B6C-711E-476c-8AB8-5D11542BFB47}"] = "Url",
            ["{270BD3DB-D9AF-4782-9025-509E298DEC0A}"] = "Lookup",
            ["{3EF39988-22BB-4f0b-BBBE-64B5A3748AEE}"] = "Picklist",
            ["{5D68B988-0661-4db2-BC3E-17598AD3BE6C}"] = "StatusReason",
            ["{4AA28AB7-9C13-4F57-A73D-AD894D048B5F}"] = "MultiSelectPicklist",
            ["{67FAC785-CD58-4f9f-ABB3-4B7DDC6ED5ED}"] = "Radio",
            ["{B0C6723A-8503-4fd7-BB28-C8A06AC933C2}"] = "CheckBox",
            ["{533B9E00-756B-4312-95A0-DC888637AC78}"] = "Money",
            ["{C3EFE0C3-0EC6-42be-8349-CBD9079DFD8E}"] = "Decimal",
            ["{0D2C745A-E5A8-4c8f-BA63-C6D3BB604660}"] = "Float",
            ["{C6D124CA-7EDA-4a60-AEA9-7FB8D318B68F}"] = "Integer",
            ["{AA987274-CE4E-4271-A803-66164311A958}"] = "Duration",
            ["{5B773807-9FB2-42db-97C3-7A91EFF8ADFF}"] = "DateTime",
            ["{E7A81278-8635-4d9e-8D4D-59480B391C5B}"] = "SubGrid",
            ["{06375649-C143-495e-A496-C962E5B4488E}"] = "Notes",
            ["{5546E6CD-394C-4bee-94A8-4425E17EF6C6}"] = "Hidden",
        };

        /// <summary>The controls a column type may be shown with.</summary>
        private static readonly Dictionary<string, string[]> ControlsOfType = new(StringComparer.OrdinalIgnoreCase)
        {
            ["nvarchar"] = new[] { "TextBox", "EmailAddress", "Url" },
            ["ntext"] = new[] { "TextArea" },
            ["memo"] = new[] { "TextArea" },
            ["lookup"] = new[] { "Lookup" },
            ["customer"] = new[] { "Lookup" },
            ["owner"] = new[] { "Lookup" },
            ["picklist"] = new[] { "Picklist" },
            ["state"] = new[] { "Picklist" },
            ["status"] = new[] { "Picklist", "StatusReason" },
            ["multiselectpicklist"] = new[] { "MultiSelectPicklist" },
            ["bit"] = new[] { "Radio", "CheckBox" },
            ["money"] = new[] { "Money" },
            ["decimal"] = new[] { "Decimal" },
            ["float"] = new[] { "Float" },
            ["int"] = new[] { "Integer", "Duration" },
            ["datetime"] = new[] { "DateTime" },
        };

        /// <summary>
        /// The Dynamics 365 Sales columns of opportunity the solution's forms may show, with their types. Each is a missing
        /// dependency of the form (declared in Other/Solution.xml), so a new one is added here and there together.
        /// </summary>
        private static readonly Dictionary<string, string> SalesOpportunityColumns = new(StringComparer.OrdinalIgnoreCase)
        {
            ["name"] = "nvarchar", ["customerid"] = "customer", ["estimatedvalue"] = "money", ["estimatedclosedate"] = "datetime", ["ownerid"] = "owner",
        };

        private static IEnumerable<(string Table, string File, XElement Form)> Forms() =>
            M.Tables.SelectMany(e =>
            {
                var dir = Path.Combine(Repo.Src, "Entities", e.SchemaName, "FormXml");
                return Directory.Exists(dir)
                    ? Directory.GetFiles(dir, "*.xml", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal)
                        .Select(f => (e.LogicalName, Path.GetRelativePath(Repo.Src, f), XDocument.Load(f).Root!.Element("systemform")!))
                    : Enumerable.Empty<(string, string, XElement)>();
            });

        private static string? ColumnType(string table, string column) =>
            M.Table(table)!.Columns.TryGetValue(column, out var a) ? a.TypeName
            : table == "opportunity" && SalesOpportunityColumns.TryGetValue(column, out var t) ? t : null;

        [Test]
        public void Every_form_control_has_a_known_classid_that_fits_its_column()
        {
            var controls = Forms().SelectMany(f => f.Form.Descendants("control").Select(c => (f.Table, f.File, Control: c))).ToList();
            Assert.That(controls, Is.Not.Empty);
            Assert.Multiple(() =>
            {
                foreach (var (table, file, c) in controls)
                {
                    var id = (string?)c.Attribute("id");
                    var classId = (string?)c.Attribute("classid") ?? string.Empty;
                    Assert.That(ClassIds.TryGetValue(classId, out var kind), Is.True, $"{file}: control {id} has classid {classId}, not a form control classid");
                    if (kind == null) continue;
                    if (kind == "SubGrid")
                    {
                        Assert.That((string?)c.Attribute("indicationOfSubgrid"), Is.EqualTo("true"), $"{file}: subgrid {id}");
                        Assert.That(c.Attribute("datafieldname"), Is.Null, $"{file}: subgrid {id} is bound to no column");
                        continue;
                    }
                    if (kind == "Notes")
                    {
                        // The timeline: exports name it notescontrol and bind it to no column.
                        Assert.That((id, c.Attribute("datafieldname")), Is.EqualTo(("notescontrol", (XAttribute?)null)), $"{file}: the timeline control");
                        continue;
                    }
                    var field = (string?)c.Attribute("datafieldname");
                    var type = field == null ? null : ColumnType(table, field);
                    Assert.That(type, Is.Not.Null, $"{file}: control {id} shows {field}, not a column of {table} (a Sales column must be listed in SalesOpportunityColumns and MissingDependencies)");
                    if (type == null) continue;
                    Assert.That(ControlsOfType.TryGetValue(type, out var allowed) && allowed.Contains(kind), Is.True, $"{file}: {field} is {type}, shown with a {kind} control");
                    // Exports name a header control header_<column> (DEFRA/trade-imports-pims: header_statuscode, header_ownerid).
                    var inHeader = c.Ancestors("header").Any();
                    Assert.That(id, Is.EqualTo(inHeader ? "header_" + field : field), $"{file}: a bound control is named after its column");
                }
            });
        }

        [Test]
        public void Subgrids_name_a_view_of_their_table_and_the_relationship_to_the_form_table()
        {
            var grids = Forms().SelectMany(f => f.Form.Descendants("control")
                .Where(c => ClassIds.TryGetValue((string?)c.Attribute("classid") ?? "", out var k) && k == "SubGrid").Select(c => (f.Table, f.File, Grid: c))).ToList();
            Assert.That(grids, Is.Not.Empty);
            foreach (var (table, file, grid) in grids)
            {
                var p = grid.Element("parameters");
                Assert.That(p, Is.Not.Null, $"{file}: subgrid without parameters");
                // The parameters a designer-saved subgrid carries (the real opportunity form's grids; Microsoft's form XML reference).
                foreach (var name in new[] { "ViewId", "IsUserView", "RelationshipName", "TargetEntityType", "AutoExpand", "EnableQuickFind", "EnableViewPicker", "ViewIds", "EnableJumpBar", "ChartGridMode", "VisualizationId", "IsUserChart", "EnableChartPicker", "RecordsPerPage" })
                    Assert.That(p!.Element(name), Is.Not.Null, $"{file}: subgrid {grid.Attribute("id")} lacks <{name}>");
                var target = p!.Element("TargetEntityType")!.Value;
                Assert.That(M.Table(target) != null, $"{file}: {target} is not a table of the solution");
                var rel = M.Relationships.SingleOrDefault(r => r.SchemaName == p.Element("RelationshipName")!.Value);
                Assert.That(rel, Is.Not.Null, $"{file}: relationship {p.Element("RelationshipName")!.Value}");
                Assert.That((rel!.ReferencedEntity, rel.ReferencingEntity), Is.EqualTo((table, target)), file);
                var view = Path.Combine(Repo.Src, "Entities", M.Table(target)!.SchemaName, "SavedQueries", p.Element("ViewId")!.Value + ".xml");
                Assert.That(File.Exists(view), $"{file}: view {p.Element("ViewId")!.Value} is not a view of {target}");
                Assert.That(p.Element("IsUserView")!.Value, Is.EqualTo("false"), $"{file}: a solution form names system views");
            }
        }

        [Test]
        public void Forms_nest_tabs_columns_sections_rows_cells_as_exports_do()
        {
            foreach (var (_, file, systemform) in Forms())
            {
                Assert.That(systemform.Elements().Select(e => e.Name.LocalName).Take(4), Is.EqualTo(new[] { "formid", "IntroducedVersion", "FormPresentation", "FormActivationState" }), file);
                var form = systemform.Element("form")!;
                foreach (var tab in form.Element("tabs")!.Elements("tab"))
                {
                    Assert.That(tab.Elements().Select(e => e.Name.LocalName), Is.EqualTo(new[] { "labels", "columns" }), $"{file}: tab {tab.Attribute("name")}");
                    foreach (var section in tab.Element("columns")!.Elements("column").SelectMany(c => c.Element("sections")!.Elements("section")))
                    {
                        Assert.That(section.Elements().Select(e => e.Name.LocalName), Is.EqualTo(new[] { "labels", "rows" }), $"{file}: section {section.Attribute("name")}");
                        foreach (var cell in section.Element("rows")!.Elements("row").Elements("cell"))
                        {
                            Assert.That(Guid.TryParse((string?)cell.Attribute("id"), out _), $"{file}: a cell has a GUID id");
                            Assert.That(cell.Elements("control").Count(), Is.LessThanOrEqualTo(1), file);
                            Assert.That(cell.Element("labels")!.Elements("label").Select(l => (string?)l.Attribute("languagecode")), Is.EquivalentTo(new[] { "1033", "2052" }), $"{file}: cell {cell.Attribute("id")} labels");
                        }
                    }
                }
            }
        }

        // ---------- the opportunity shell and its dependency on Dynamics 365 Sales ----------

        [Test]
        public void The_opportunity_shell_is_written_as_an_export_of_a_table_with_only_new_columns()
        {
            var doc = XDocument.Load(Path.Combine(Repo.Src, "Entities", "Opportunity", "Entity.xml")).Root!;
            var name = doc.Element("Name")!;
            Assert.That((name.Value, (string?)name.Attribute("LocalizedName"), (string?)name.Attribute("OriginalName")), Is.EqualTo(("Opportunity", "Opportunity", "Opportunity")));
            var entity = doc.Element("EntityInfo")!.Element("entity")!;
            Assert.That((string?)entity.Attribute("unmodified"), Is.EqualTo("1"), "no table-level properties: import must leave Sales's opportunity settings alone");
            Assert.That(entity.Elements().Select(e => e.Name.LocalName), Is.EqualTo(new[] { "attributes" }), "an unmodified table carries its new columns only");
            Assert.That(entity.Element("attributes")!.Elements("attribute").Select(a => a.Element("LogicalName")!.Value), Has.All.StartWith("mci_"));
            Assert.That(entity.Element("attributes")!.Elements("attribute").Select(a => a.Element("IsCustomField")!.Value), Has.All.EqualTo("1"));

            var roots = Manifest().Element("RootComponents")!.Elements("RootComponent").ToList();
            Assert.That(roots.Where(r => (string?)r.Attribute("schemaName") == "opportunity").Select(r => ((string?)r.Attribute("type"), (string?)r.Attribute("behavior"))),
                Is.EqualTo(new[] { ("1", "2") }), "opportunity is a root with behaviour 2 (do not include subcomponents)");
            Assert.That(roots.Where(r => (string?)r.Attribute("type") == "2"), Is.Empty, "new columns travel inside their table, not as root components");
        }

        private static XElement Manifest() => XDocument.Load(Path.Combine(Repo.Src, "Other", "Solution.xml")).Root!.Element("SolutionManifest")!;

        private static readonly Regex SolutionWithVersion = new(@"^[A-Za-z_]+ \(\d+(\.\d+){1,3}\)$");

        [Test]
        public void MissingDependencies_declare_Dynamics_365_Sales_as_an_export_would()
        {
            var missing = Manifest().Element("MissingDependencies")!.Elements("MissingDependency").ToList();
            Assert.Multiple(() =>
            {
                foreach (var m in missing)
                {
                    var required = m.Element("Required")!;
                    Assert.That(m.Elements().Select(e => e.Name.LocalName), Is.EqualTo(new[] { "Required", "Dependent" }));
                    Assert.That((string?)required.Attribute("solution"), Does.Match(SolutionWithVersion), "solution=\"UniqueName (version)\"");
                    // A Sales component names its anchor package; the app icon of AppModuleWebResources names none (as in the real SalesWin export).
                    if ((string?)required.Attribute("type") == "61")
                        Assert.That((required.Attribute("schemaName")?.Value, required.Attribute("solution")?.Value, required.Element("package")),
                            Is.EqualTo(("msdyn_/Images/AppModule_Default_Icon.png", "AppModuleWebResources (2.5)", (XElement?)null)), "the default app icon an app's WebResourceId names");
                    else
                        Assert.That(required.Element("package")?.Value, Does.Match(SolutionWithVersion), "<package>Anchor (version)</package>");
                    var dependent = m.Element("Dependent")!;
                    // The dependent is a component of this solution.
                    switch ((string?)dependent.Attribute("type"))
                    {
                        case "1":
                            Assert.That(M.Table((string)dependent.Attribute("schemaName")!) != null, dependent.ToString());
                            break;
                        case "60":
                            Assert.That(Forms().Any(f => (string?)f.Form.Element("formid") == (string?)dependent.Attribute("id")), dependent.ToString());
                            break;
                        case "80":
                            Assert.That(M.Apps.Select(a => a.UniqueName), Has.Member((string?)dependent.Attribute("schemaName")), dependent.ToString());
                            break;
                        default:
                            Assert.Fail("unexpected dependent " + dependent);
                            break;
                    }
                }
            });
            Assert.That(missing.Where(m => (string?)m.Element("Dependent")!.Attribute("type") == "80").Select(m => (string?)m.Element("Required")!.Attribute("schemaName")),
                Is.EqualTo(M.Apps.Select(_ => "msdyn_/Images/AppModule_Default_Icon.png")), "each app declares the default icon it shows, as the export of an app does");
            var opportunity = missing.Select(m => m.Element("Required")!).Where(r => (string?)r.Attribute("type") == "1").ToList();
            Assert.That(opportunity.Select(r => ((string?)r.Attribute("schemaName"), ((string?)r.Attribute("solution"))?.Split(' ')[0])), Is.EqualTo(new[] { ("opportunity", "msdynce_Sales") }));

            // Every Sales column a form shows is declared, with that form as dependent, and nothing else.
            var used = Forms().Where(f => f.Table == "opportunity").SelectMany(f => f.Form.Descendants("control")
                    .Select(c => (string?)c.Attribute("datafieldname")).Where(d => d != null && SalesOpportunityColumns.ContainsKey(d))
                    .Select(d => (Column: d!, Form: (string)f.Form.Element("formid")!)))
                .Distinct().OrderBy(x => x.Column, StringComparer.Ordinal).ToList();
            var declared = missing.Where(m => (string?)m.Element("Required")!.Attribute("type") == "2")
                .Select(m => (Column: (string)m.Element("Required")!.Attribute("schemaName")!, Form: (string)m.Element("Dependent")!.Attribute("id")!,
                    Parent: (string?)m.Element("Required")!.Attribute("parentSchemaName")))
                .ToList();
            Assert.That(declared.Select(d => d.Parent), Has.All.EqualTo("opportunity"));
            Assert.That(declared.Select(d => (d.Column, d.Form)), Is.EqualTo(used));
        }

        // ---------- roles ----------

        /// <summary>Privileges of standard tables the roles may name, spelled as Dataverse names them (prv + access + the table's SchemaName).</summary>
        private static readonly HashSet<string> StandardPrivilegeTables = new(StringComparer.Ordinal)
        {
            "Account", "Opportunity", "Note", "User", "Team", "EnvironmentVariableDefinition", "EnvironmentVariableValue",
        };

        private static readonly Regex Privilege = new("^prv(?<access>AppendTo|Append|Create|Read|Write|Delete|Assign|Share)(?<table>.+)$");

        [Test]
        public void Role_privileges_are_named_by_the_tables_schema_name()
        {
            var schemaNames = M.Tables.Where(e => !e.IsShell).Select(e => e.SchemaName).ToHashSet(StringComparer.Ordinal);
            Assert.Multiple(() =>
            {
                foreach (var role in M.Roles)
                {
                    foreach (var p in role.Privileges)
                    {
                        var m = Privilege.Match(p.Name);
                        Assert.That(m.Success, $"{role.Name}: {p.Name}");
                        var table = m.Groups["table"].Value;
                        Assert.That(schemaNames.Contains(table) || StandardPrivilegeTables.Contains(table), Is.True,
                            $"{role.Name}: {p.Name} — Dataverse names it prv{m.Groups["access"].Value} + the table's SchemaName (e.g. prvReadmci_Branch, prvReadOpportunity)");
                        Assert.That(p.LevelName, Is.AnyOf("Basic", "Local", "Deep", "Global"), $"{role.Name}: {p.Name}");
                    }
                }
            });
            foreach (var file in Directory.GetFiles(Path.Combine(Repo.Src, "Roles"), "*.xml"))
            {
                var root = XDocument.Load(file).Root!;
                Assert.That((string?)root.Attribute("isinherited"), Is.EqualTo("1"), file);
                var names = root.Element("RolePrivileges")!.Elements("RolePrivilege").Select(r => (string)r.Attribute("name")!).ToList();
                Assert.That(names, Is.EqualTo(names.OrderBy(n => n, StringComparer.OrdinalIgnoreCase)), $"{file}: exports list privileges by name, ignoring case");
            }
        }

        // ---------- steps ----------

        /// <summary>
        /// A step's children as 9.2 exports write them (YarSol/deploytest SdkMessageProcessingSteps/*.xml); the optional ones
        /// (Configuration, ImpersonatingUserIdName) sit in the alphabetical run AsyncAutoDelete..Rank.
        /// </summary>
        private static readonly string[] StepChildren =
        {
            "SdkMessageId", "PluginTypeName", "PluginTypeId", "PrimaryEntity", "AsyncAutoDelete", "Configuration", "Description", "FilteringAttributes",
            "ImpersonatingUserIdName", "InvocationSource", "Mode", "Rank", "EventHandlerTypeCode", "Stage", "IsCustomizable", "IsHidden",
            "SupportedDeployment", "IntroducedVersion", "SdkMessageProcessingStepImages",
        };

        private static readonly string[] OptionalStepChildren = { "Configuration", "ImpersonatingUserIdName" };

        private static readonly string[] ImageChildren = { "SdkMessageProcessingStepImageId", "Attributes", "EntityAlias", "ImageType", "MessagePropertyName", "IsCustomizable" };

        [Test]
        public void Steps_carry_every_element_real_exports_carry_in_their_order()
        {
            var files = Directory.GetFiles(Path.Combine(Repo.Src, "SdkMessageProcessingSteps"), "*.xml").OrderBy(f => f, StringComparer.Ordinal).ToList();
            Assert.That(files, Is.Not.Empty);
            Assert.Multiple(() =>
            {
                foreach (var file in files)
                {
                    var step = XDocument.Load(file).Root!;
                    var name = Path.GetFileName(file);
                    var children = step.Elements().Select(e => e.Name.LocalName).ToList();
                    Assert.That(children, Is.EqualTo(StepChildren.Where(c => !OptionalStepChildren.Contains(c) || children.Contains(c))), $"{name}: children and their order");
                    Assert.That(Guid.TryParse((string?)step.Attribute("SdkMessageProcessingStepId"), out var id) && name == $"{{{id}}}.xml", $"{name}: named by its id");
                    Assert.That(Guid.TryParse(step.Element("SdkMessageId")?.Value, out _), $"{name}: SdkMessageId is a GUID (exports name the message by id; the table by PrimaryEntity, with no SdkMessageFilterId)");
                    Assert.That(step.Element("PrimaryEntity")?.Value, Is.EqualTo(step.Element("PrimaryEntity")?.Value.ToLowerInvariant()), $"{name}: PrimaryEntity is a logical name");
                    Assert.That(step.Element("EventHandlerTypeCode")?.Value, Is.EqualTo("4602"), $"{name}: a plug-in type handles it");
                    Assert.That(step.Element("SupportedDeployment")?.Value, Is.EqualTo("0"), $"{name}: server only");
                    Assert.That(step.Element("InvocationSource")?.Value, Is.AnyOf("0", "1"), name);
                    foreach (var image in step.Descendants("SdkMessageProcessingStepImage"))
                    {
                        Assert.That(image.Elements().Select(e => e.Name.LocalName), Is.EqualTo(ImageChildren), $"{name}: image {image.Attribute("Name")}");
                        Assert.That(Guid.TryParse(image.Element("SdkMessageProcessingStepImageId")?.Value, out _), $"{name}: image id");
                    }
                }
            });
        }

        // ---------- tables ----------

        /// <summary>
        /// The timeline flags (notes, activities) close a table's &lt;entity&gt;, after IsSolutionAware: microsoft/powercat-automation-kit
        /// writes &lt;HasRelatedNotes&gt;True&lt;/HasRelatedNotes&gt; there (AutomationKitInstaller/SolutionPackage/src/Entities/
        /// autocoe_AutomationKitSetupWizardMetadata/Entity.xml). No export with HasRelatedActivities was found to compare; it follows
        /// HasRelatedNotes as in the schema's EntityInfoType (CustomizationsSolution.xsd, an xs:all, so order-free for the XSD check).
        /// </summary>
        [Test]
        public void Timeline_flags_close_the_entity_after_IsSolutionAware_as_exports_write_them()
        {
            var flagged = Directory.GetFiles(Path.Combine(Repo.Src, "Entities"), "Entity.xml", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => (File: f, Entity: XDocument.Load(f).Root!.Element("EntityInfo")?.Element("entity")))
                .Where(e => e.Entity?.Element("HasRelatedNotes") != null || e.Entity?.Element("HasRelatedActivities") != null).ToList();
            Assert.That(flagged.Select(f => Path.GetFileName(Path.GetDirectoryName(f.File))), Does.Contain("mci_ResourceRequest"), "the resource request has a timeline");
            Assert.Multiple(() =>
            {
                foreach (var (file, entity) in flagged)
                {
                    var children = entity!.Elements().Select(e => e.Name.LocalName).ToList();
                    var flags = children.Where(c => c.StartsWith("HasRelated", StringComparison.Ordinal)).ToList();
                    Assert.That(flags, Is.EqualTo(new[] { "HasRelatedNotes", "HasRelatedActivities" }.Where(flags.Contains)), $"{file}: notes, then activities");
                    Assert.That(children.TakeLast(flags.Count + 1), Is.EqualTo(new[] { "IsSolutionAware" }.Concat(flags)), $"{file}: the flags come last, right after IsSolutionAware");
                }
            });
        }

        // ---------- custom APIs ----------

        /// <summary>
        /// customapi.xml, customapirequestparameter.xml and customapiresponseproperty.xml as exports write them, compared with
        /// microsoft/powercat-automation-kit (AutomationCoESatellite, AutomationKitControlCenter and AutomationKitInstaller,
        /// SolutionPackage/src/customapis) and microsoft/powercat-business-approvals-kit (BusinessApprovalKit/SolutionPackage/src/customapis):
        /// children in alphabetical order; boundentitylogicalname only on a bound API, executeprivilegename only when set,
        /// logicalentityname only on a table-typed field (none of their global APIs and string/Boolean/Guid fields carries an
        /// empty one); no XML declaration; the main operation as &lt;plugintypeid&gt;&lt;plugintypeexportkey&gt;, which for a type of a
        /// plug-in assembly is the PluginTypeId of its PluginType (both kits: the key equals the id in PluginAssemblies).
        /// </summary>
        private static readonly string[] CustomApiChildren =
        {
            "allowedcustomprocessingsteptype", "bindingtype", "boundentitylogicalname", "description", "displayname", "executeprivilegename",
            "iscustomizable", "isfunction", "isprivate", "name", "plugintypeid", "workflowsdkstepenabled",
        };

        private static readonly string[] RequestParameterChildren = { "description", "displayname", "iscustomizable", "isoptional", "logicalentityname", "name", "type" };

        private static readonly string[] ResponsePropertyChildren = { "description", "displayname", "iscustomizable", "logicalentityname", "name", "type" };

        /// <summary>The custom API field types as Microsoft's CustomAPIRequestParameter/ResponseProperty Type choice numbers them; the kits' files use 0 (Boolean), 3 (Entity), 4 (EntityCollection), 10 (String) and 12 (Guid) that way.</summary>
        private static readonly (string Name, int Code)[] FieldTypes =
        {
            ("Boolean", 0), ("DateTime", 1), ("Decimal", 2), ("Entity", 3), ("EntityCollection", 4), ("EntityReference", 5), ("Float", 6),
            ("Integer", 7), ("Money", 8), ("Picklist", 9), ("String", 10), ("StringArray", 11), ("Guid", 12),
        };

        [Test]
        public void Custom_API_files_are_written_as_exports_write_them()
        {
            var apis = Directory.GetFiles(Path.Combine(Repo.Src, "customapis"), "customapi.xml", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToList();
            Assert.That(apis, Is.Not.Empty);
            Assert.Multiple(() =>
            {
                Assert.That(Enum.GetValues<CustomApiFieldType>().Select(t => (t.ToString(), (int)t)), Is.EqualTo(FieldTypes), "the type codes");
                foreach (var file in apis)
                {
                    var api = XDocument.Load(file).Root!;
                    var children = api.Elements().Select(e => e.Name.LocalName).ToList();
                    var bound = api.Element("bindingtype")?.Value is "1" or "2";
                    Assert.That(children, Is.EqualTo(CustomApiChildren.Where(c => c switch
                    {
                        "boundentitylogicalname" => bound,
                        "executeprivilegename" => children.Contains(c),
                        _ => true,
                    })), $"{file}: children and their order");
                    Assert.That(api.Element("bindingtype")?.Value, Is.AnyOf("0", "1", "2"), file);
                    Assert.That(api.Element("isfunction")?.Value, Is.AnyOf("0", "1"), file);
                    Assert.That(api.Element("allowedcustomprocessingsteptype")?.Value, Is.AnyOf("0", "1", "2"), file);
                    // A value kept different: the kits mostly write iscustomizable 1 (AutomationKitInstaller's autocoe_SolutionImportAPI
                    // has 0 on two parameters); MCI writes 0 on the API and its fields, so no other solution's layer changes the
                    // contract the plug-in answers.
                    foreach (var x in Directory.GetFiles(Path.GetDirectoryName(file)!, "*.xml", SearchOption.AllDirectories))
                        Assert.That(XDocument.Load(x).Root!.Element("iscustomizable")?.Value, Is.EqualTo("0"), $"{x}: iscustomizable");
                    if (api.Element("executeprivilegename") is { } privilege) Assert.That(privilege.Value, Does.Match(Privilege), $"{file}: a privilege name (prv<Access><Table schema name>)");
                    var key = api.Element("plugintypeid")!.Elements().ToList();
                    Assert.That(key.Select(k => k.Name.LocalName), Is.EqualTo(new[] { "plugintypeexportkey" }), $"{file}: the main operation by export key");
                    Assert.That(M.PluginTypes.Select(t => t.Id.ToString()), Does.Contain(key.FirstOrDefault()?.Value), $"{file}: the key is the PluginTypeId of a registered plug-in type");
                    Assert.That(Path.GetFileName(Path.GetDirectoryName(file)), Is.EqualTo((string?)api.Attribute("uniquename")), $"{file}: the folder is the unique name");
                    Assert.That(M.Manifest.RootComponents.Select(r => r.SchemaName), Does.Not.Contain((string?)api.Attribute("uniquename")),
                        $"{file}: no root component (both kits' Other/Solution.xml list none for their custom APIs)");
                    var folder = Path.GetDirectoryName(file)!;
                    foreach (var (sub, fileName, shape) in new[] { ("customapirequestparameters", "customapirequestparameter.xml", RequestParameterChildren), ("customapiresponseproperties", "customapiresponseproperty.xml", ResponsePropertyChildren) })
                    {
                        var dir = Path.Combine(folder, sub);
                        if (!Directory.Exists(dir)) continue;
                        foreach (var field in Directory.GetFiles(dir, fileName, SearchOption.AllDirectories))
                        {
                            var root = XDocument.Load(field).Root!;
                            var type = int.Parse(root.Element("type")!.Value, System.Globalization.CultureInfo.InvariantCulture);
                            Assert.That(root.Elements().Select(e => e.Name.LocalName), Is.EqualTo(shape.Where(c => c != "logicalentityname" || type is 3 or 4 or 5)), $"{field}: children and their order");
                            Assert.That(Path.GetFileName(Path.GetDirectoryName(field)), Is.EqualTo((string?)root.Attribute("uniquename")), $"{field}: the folder is the unique name");
                        }
                    }
                    foreach (var xml in Directory.GetFiles(folder, "*.xml", SearchOption.AllDirectories))
                        Assert.That(File.ReadAllText(xml), Does.Not.StartWith("<?xml"), $"{xml}: no XML declaration, as unpacked exports write these files");
                }
            });
        }

        // ---------- environment variables ----------

        [Test]
        public void Environment_variables_have_the_export_shape_and_a_default_of_their_type()
        {
            // Type codes: String 100000000, Number 100000001, Boolean 100000002, JSON 100000003, Data source 100000004, Secret 100000005.
            var shape = new[] { "defaultvalue", "description", "displayname", "introducedversion", "iscustomizable", "isrequired", "secretstore", "type" };
            foreach (var file in Directory.GetFiles(Path.Combine(Repo.Src, "environmentvariabledefinitions"), "environmentvariabledefinition.xml", SearchOption.AllDirectories))
            {
                var root = XDocument.Load(file).Root!;
                var children = root.Elements().Select(e => e.Name.LocalName).ToList();
                Assert.That(children, Is.EqualTo(shape.Where(s => s != "defaultvalue" || children.Contains(s))), file);
                var type = int.Parse(root.Element("type")!.Value);
                Assert.That(type, Is.InRange(100000000, 100000005), file);
                Assert.That(root.Element("secretstore")!.Value, Is.EqualTo(type == 100000005 ? "1" : "0"), file);
                var value = root.Element("defaultvalue")?.Value;
                if (value != null && type == 100000001) Assert.That(decimal.TryParse(value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _), file);
                if (value != null && type == 100000002) Assert.That(value, Is.AnyOf("yes", "no"), file);
                Assert.That(Path.GetFileName(Path.GetDirectoryName(file)), Is.EqualTo((string?)root.Attribute("schemaname")), file);
            }
        }
    }
}
