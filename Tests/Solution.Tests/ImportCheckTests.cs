using System.Xml.Linq;
using Mci.Packaging.Import;
using Mci.SolutionModel;
using Mci.Tests;

namespace Mci.Solution.Tests
{
    /// <summary>
    /// `mci check`'s engine (<see cref="ImportCheck"/>) on both zips the build writes, and on copies broken on purpose: each
    /// broken copy gives the dangling reference that names the component and the missing thing, and nothing else.
    /// </summary>
    public class ImportCheckTests
    {
        private static string Zip(bool managed) => Repo.BuiltZips.Single(z => z.EndsWith("_managed.zip", StringComparison.Ordinal) == managed);

        private static string Managed => Zip(true);

        private static IReadOnlyList<string> Issues(string zip) => ImportCheck.Check(zip).Issues.Select(i => i.ToString()).ToList();

        private static XElement Step(XElement customizations, string name) =>
            customizations.Element("SdkMessageProcessingSteps")!.Elements().First(s => (string?)s.Attribute("Name") == name && s.Element("FilteringAttributes")!.Value.Length > 0);

        private static XElement Entity(XElement customizations, string name) =>
            customizations.Element("Entities")!.Elements("Entity").Single(e => e.Element("Name")!.Value == name);

        [TestCase(true)]
        [TestCase(false)]
        public void Both_built_zips_have_no_dangling_reference(bool managed)
        {
            var result = ImportCheck.Check(Zip(managed));
            Assert.That(result.Issues, Is.Empty);
            Assert.That((result.Solution.Manifest.UniqueName, result.Solution.Manifest.IsManaged), Is.EqualTo(("MciDataverse", managed)));
        }

        [Test]
        public void The_zip_reads_into_the_same_model_as_the_folder_it_was_packed_from()
        {
            var folder = Repo.Metadata;
            var zip = SolutionDefinition.ReadZip(Managed);
            Assert.Multiple(() =>
            {
                Assert.That(zip.IsPacked && !folder.IsPacked, Is.True);
                Assert.That(zip.Tables.Select(t => (t.LogicalName, t.IsShell, t.Ownership, t.Columns.Count)), Is.EqualTo(folder.Tables.Select(t => (t.LogicalName, t.IsShell, t.Ownership, t.Columns.Count))));
                Assert.That(zip.Tables.SelectMany(t => t.Columns.Values).Select(c => (c.LogicalName, c.Type, c.MaxLength, c.Precision, c.IsSecured, c.Choice?.Name, string.Join(",", c.Targets))),
                    Is.EqualTo(folder.Tables.SelectMany(t => t.Columns.Values).Select(c => (c.LogicalName, c.Type, c.MaxLength, c.Precision, c.IsSecured, c.Choice?.Name, string.Join(",", c.Targets)))));
                Assert.That(zip.GlobalChoices.Select(c => (c.Name, c.Options.Count)), Is.EquivalentTo(folder.GlobalChoices.Select(c => (c.Name, c.Options.Count))));
                Assert.That(zip.Relationships.Select(r => (r.SchemaName, r.CascadeDelete)), Is.EquivalentTo(folder.Relationships.Select(r => (r.SchemaName, r.CascadeDelete))));
                Assert.That(zip.Forms.Select(f => (f.Id, f.Table, f.Columns.Count, f.Subgrids.Count)), Is.EquivalentTo(folder.Forms.Select(f => (f.Id, f.Table, f.Columns.Count, f.Subgrids.Count))));
                Assert.That(zip.Views.Select(v => (v.Id, v.Columns.Count)), Is.EquivalentTo(folder.Views.Select(v => (v.Id, v.Columns.Count))));
                Assert.That(zip.Roles.Select(r => (r.Id, r.Name, r.PrivilegeCount)), Is.EquivalentTo(folder.Roles.Select(r => (r.Id, r.Name, r.PrivilegeCount))));
                Assert.That(zip.FieldSecurityProfiles.Select(p => (p.Id, p.Permissions.Count)), Is.EquivalentTo(folder.FieldSecurityProfiles.Select(p => (p.Id, p.Permissions.Count))));
                Assert.That(zip.EnvironmentVariables.Select(v => (v.SchemaName, v.Type, v.DefaultValue, v.IsRequired, v.DisplayNames[2052])),
                    Is.EquivalentTo(folder.EnvironmentVariables.Select(v => (v.SchemaName, v.Type, v.DefaultValue, v.IsRequired, v.DisplayNames[2052]))));
                Assert.That(zip.EnvironmentVariables.Select(v => v.Source), Has.All.StartWith("environmentvariabledefinitions/"), "read from their own files, as an import reads them");
                Assert.That(zip.PluginTypes.Select(t => (t.Id, t.TypeName, t.AssemblyName)), Is.EquivalentTo(folder.PluginTypes.Select(t => (t.Id, t.TypeName, t.AssemblyName))));
                Assert.That(zip.Steps.Select(s => (s.Id, s.Message, s.PrimaryEntity, s.Stage, s.Mode, s.Rank, string.Join(",", s.FilteringAttributes), s.Images.Count)),
                    Is.EquivalentTo(folder.Steps.Select(s => (s.Id, s.Message, s.PrimaryEntity, s.Stage, s.Mode, s.Rank, string.Join(",", s.FilteringAttributes), s.Images.Count))));
                Assert.That(zip.Forms.Select(f => (f.Id, f.FormType, f.ForEveryone, string.Join(",", f.DisplayRoles), f.DisplayOrder, f.IsFallback, f.Handlers.Count, string.Join(",", f.Libraries))),
                    Is.EquivalentTo(folder.Forms.Select(f => (f.Id, f.FormType, f.ForEveryone, string.Join(",", f.DisplayRoles), f.DisplayOrder, f.IsFallback, f.Handlers.Count, string.Join(",", f.Libraries)))));
                Assert.That(zip.WebResources.Select(w => (w.Id, w.Name, w.Type, w.FileName)), Is.EqualTo(folder.WebResources.Select(w => (w.Id, w.Name, w.Type, w.FileName))));
                foreach (var w in zip.WebResources)
                    Assert.That(zip.ReadFile(w.ContentPath), Is.EqualTo(folder.ReadFile(folder.WebResources.Single(f => f.Id == w.Id).ContentPath)), w.Name + ": the zip carries the folder's file");
                Assert.That(zip.SiteMaps.Select(m => (m.UniqueName, string.Join(",", m.Areas), string.Join(",", m.Tables), m.Names[2052])),
                    Is.EqualTo(folder.SiteMaps.Select(m => (m.UniqueName, string.Join(",", m.Areas), string.Join(",", m.Tables), m.Names[2052]))));
                Assert.That(zip.Apps.Select(a => (a.UniqueName, string.Join(",", a.Tables), a.Forms.Count, a.Views.Count, string.Join(",", a.Roles), a.Names[2052], a.Descriptions[1033])),
                    Is.EqualTo(folder.Apps.Select(a => (a.UniqueName, string.Join(",", a.Tables), a.Forms.Count, a.Views.Count, string.Join(",", a.Roles), a.Names[2052], a.Descriptions[1033]))));
                Assert.That(zip.Manifest.RootComponents, Is.EqualTo(folder.Manifest.RootComponents));
                Assert.That(zip.Manifest.MissingDependencies.Count, Is.EqualTo(folder.Manifest.MissingDependencies.Count));
                foreach (var a in zip.PluginAssemblies)
                    Assert.That(zip.ReadFile(a.FileName), Is.EqualTo(File.ReadAllBytes(Repo.AssemblyMap[a.Name + ".dll"])), a.FileName + " carries the net462 build");
            });
        }

        // ---------- steps ----------

        [Test]
        public void A_step_filtering_on_a_missing_column_names_the_step_and_the_column()
        {
            using var copy = new SolutionZipCopy(Managed);
            const string step = "Mci.Plugins.RoutingPlugin: Update of opportunity";
            copy.Customizations(c => Step(c, step).Element("FilteringAttributes")!.Value += ",mci_gone");
            Assert.That(Issues(copy.Save()), Is.EqualTo(new[] { $"step '{step}': filters on column opportunity.mci_gone, which opportunity lacks." }));
        }

        [Test]
        public void A_step_image_of_a_missing_column_names_the_image_and_the_column()
        {
            using var copy = new SolutionZipCopy(Managed);
            const string step = "Mci.Plugins.PartnerPlugin: Update of mci_partner";
            copy.Customizations(c => Step(c, step).Descendants("SdkMessageProcessingStepImage").Single().Element("Attributes")!.Value += ",mci_gone");
            Assert.That(Issues(copy.Save()), Is.EqualTo(new[] { $"step '{step}': image 'PreImage' takes column mci_partner.mci_gone, which mci_partner lacks." }));
        }

        [Test]
        public void A_step_on_a_missing_table_on_an_unpublished_message_or_of_a_missing_type_says_each()
        {
            using var copy = new SolutionZipCopy(Managed);
            var typeId = Guid.NewGuid();
            copy.Customizations(c =>
            {
                var steps = c.Element("SdkMessageProcessingSteps")!.Elements().ToList();
                steps[0].Element("PrimaryEntity")!.Value = "mci_gone";
                steps[1].Element("SdkMessageId")!.Value = "0a0a0a0a-0000-4000-8000-000000000001";
                steps[2].Element("PluginTypeId")!.Value = typeId.ToString();
            });
            var issues = Issues(copy.Save());
            var steps = SolutionDefinition.ReadZip(Managed).Steps;
            Assert.That(issues, Is.EqualTo(new[]
            {
                $"step '{steps[0].Name}': is registered on table mci_gone, which neither the zip nor the platform has.",
                $"step '{steps[1].Name}': names SdkMessageId 0a0a0a0a-0000-4000-8000-000000000001, which is not a message with a published id ({string.Join(", ", SdkMessages.All.Values)}): the import would fail or bind it to another message.",
                $"step '{steps[2].Name}': runs plug-in type {steps[2].PluginTypeName} ({typeId}), which no plug-in assembly of the zip registers.",
            }));
        }

        [Test]
        public void A_registered_type_the_assembly_file_does_not_define_and_a_missing_assembly_file_are_named()
        {
            using var copy = new SolutionZipCopy(Managed);
            copy.Customizations(c =>
            {
                var type = c.Descendants("PluginType").First(t => ((string)t.Attribute("Name")!).EndsWith(".PartnerPlugin", StringComparison.Ordinal));
                type.Attribute("AssemblyQualifiedName")!.Value = type.Attribute("AssemblyQualifiedName")!.Value.Replace("PartnerPlugin,", "GonePlugin,", StringComparison.Ordinal);
            });
            var issues = Issues(copy.Save());
            Assert.That(issues, Is.Not.Empty);
            Assert.That(issues, Has.All.EndWith("runs plug-in type Mci.Plugins.GonePlugin, which the zip's MciDataverse.Plugins.dll does not define."));

            var workflows = copy.Entries.Single(e => e.EndsWith("MciDataverse.Workflows.dll", StringComparison.Ordinal));
            copy.Remove(workflows);
            Assert.That(Issues(copy.Save("no-workflows.zip")), Has.Member($"plug-in assembly MciDataverse.Workflows: names file /{workflows}, which is not in the zip: none of its plug-ins could run."));
        }

        // ---------- tables, roles, forms, views ----------

        [Test]
        public void A_removed_table_is_named_by_everything_that_refers_to_it()
        {
            using var copy = new SolutionZipCopy(Managed);
            copy.Customizations(c => Entity(c, "mci_Branch").Remove());
            var issues = Issues(copy.Save());
            Assert.That(issues, Has.Member("solution.xml: RootComponent type 1 (table) 'mci_branch' is not in customizations.xml: the import would fail."));
            Assert.That(issues, Has.Some.Match(@"^relationship \w+: relates table mci_branch, which neither the zip nor the platform has\.$"));
            Assert.That(issues, Has.Some.Match(@"^role 'MCI Seller': grants prvReadmci_Branch on table mci_Branch, which neither the zip nor the platform has\.$"));
            Assert.That(issues, Has.None.Contains("mci_branch.").And.None.StartsWith("step "), "the columns of a missing table are not listed one by one, and no step runs on it");
        }

        [Test]
        public void A_role_privilege_on_a_missing_table_names_the_role_and_the_privilege()
        {
            using var copy = new SolutionZipCopy(Managed);
            copy.Customizations(c => c.Element("Roles")!.Elements("Role").Single(r => (string?)r.Attribute("name") == "MCI Seller")
                .Element("RolePrivileges")!.Add(new XElement("RolePrivilege", new XAttribute("name", "prvReadmci_Gone"), new XAttribute("level", "Global"))));
            Assert.That(Issues(copy.Save()), Is.EqualTo(new[] { "role 'MCI Seller': grants prvReadmci_Gone on table mci_Gone, which neither the zip nor the platform has." }));
        }

        [Test]
        public void A_form_showing_a_missing_column_names_the_form_and_the_column()
        {
            using var copy = new SolutionZipCopy(Managed);
            copy.Customizations(c => Entity(c, "mci_Branch").Descendants("cell").First().Add(
                new XElement("control", new XAttribute("id", "mci_gone"), new XAttribute("classid", "{4273EDBD-AC1D-40d3-9FB2-095C621B552D}"), new XAttribute("datafieldname", "mci_gone"))));
            Assert.That(Issues(copy.Save()), Is.EqualTo(new[] { "form 'Information' (5f65871c-8657-5ce1-8e42-366de2f43628) of mci_branch: shows column mci_branch.mci_gone, which mci_branch lacks." }));
        }

        [Test]
        public void A_subgrid_naming_a_missing_relationship_and_a_view_naming_a_missing_column_are_named()
        {
            using var copy = new SolutionZipCopy(Managed);
            copy.Customizations(c =>
            {
                Entity(c, "Opportunity").Descendants("RelationshipName").First(r => r.Value == "mci_opportunity_opportunitysplit_opportunityid").Value = "mci_gone_relationship";
                Entity(c, "mci_Partner").Descendants("savedquery").First().Descendants("attribute").First().Attribute("name")!.Value = "mci_gone";
            });
            var issues = Issues(copy.Save());
            Assert.That(issues, Has.Exactly(2).Items);
            Assert.That(issues[0], Does.Match(@"^form 'MCI Opportunity' \(66d29029-7a32-5cbc-8076-5804ac275c2a\) of opportunity: subgrid \w+ names relationship mci_gone_relationship, which the zip does not define\.$"));
            Assert.That(issues[1], Does.Match(@"^view '.+' \(.+\) of mci_partner: names column mci_partner\.mci_gone, which mci_partner lacks\.$"));
        }

        [Test]
        public void A_secured_column_that_is_gone_and_a_lookup_without_its_column_are_named()
        {
            using var copy = new SolutionZipCopy(Managed);
            copy.Customizations(c =>
            {
                c.Descendants("FieldPermission").First().Element("AttributeName")!.Value = "mci_gone";
                c.Element("EntityRelationships")!.Elements().First(r => r.Element("ReferencingEntityName")!.Value == "mci_Partner" || r.Element("ReferencingEntityName")!.Value == "mci_partner")
                    .Element("ReferencingAttributeName")!.Value = "mci_gonelookupid";
            });
            var issues = Issues(copy.Save());
            Assert.That(issues, Has.Some.Match(@"^field security profile '.+': secures column \w+\.mci_gone, which \w+ lacks\.$"));
            Assert.That(issues, Has.Some.Match(@"^relationship \w+: is held by lookup column mci_partner\.mci_gonelookupid, which mci_partner lacks\.$"));
        }

        [Test]
        public void What_mci_cannot_verify_is_noted_not_refused()
        {
            using var copy = new SolutionZipCopy(Managed);
            copy.Customizations(c =>
            {
                c.Element("Roles")!.Elements("Role").Single(r => (string?)r.Attribute("name") == "MCI Seller")
                    .Element("RolePrivileges")!.Add(new XElement("RolePrivilege", new XAttribute("name", "prvReadKnowledgeArticle"), new XAttribute("level", "Global")));
                Entity(c, "Opportunity").Descendants("cell").First().Add(
                    new XElement("control", new XAttribute("id", "address1_city"), new XAttribute("classid", "{4273EDBD-AC1D-40d3-9FB2-095C621B552D}"), new XAttribute("datafieldname", "timezoneruleversionnumber2")));
            });
            copy.Manifest(m => m.Element("RootComponents")!.Add(new XElement("RootComponent", new XAttribute("type", "300"), new XAttribute("schemaName", "mci_somecanvasapp"), new XAttribute("behavior", "0"))));
            var result = ImportCheck.Check(copy.Save());
            Assert.That(result.Issues, Is.Empty, "a standard table or column mci's model does not list, or a component type it does not read, may well be there");
            Assert.That(result.Unverified.Select(n => n.ToString()), Is.EqualTo(new[]
            {
                "solution.xml: 1 root component(s) of type 300 (canvas app): mci does not read these components.",
                "form 'MCI Opportunity' (66d29029-7a32-5cbc-8076-5804ac275c2a) of opportunity: names column opportunity.timezoneruleversionnumber2, which mci's model of the platform table opportunity does not list; the import checks that the target has it.",
                "role 'MCI Seller': grants prvReadKnowledgeArticle on KnowledgeArticle, which mci's model of the platform does not list; the import checks that the target has it.",
            }));
            Assert.That(ImportCheck.Check(Managed).Unverified, Is.Empty, "everything in MCI's own zip is verified");
        }

        // ---------- dependencies ----------

        [Test]
        public void An_undeclared_dependency_on_Sales_and_a_declared_one_whose_dependent_is_gone_are_named()
        {
            using var copy = new SolutionZipCopy(Managed);
            var gone = Guid.NewGuid();
            copy.Manifest(m =>
            {
                var dependencies = m.Element("MissingDependencies")!.Elements().ToList();
                dependencies.Single(d => (string?)d.Element("Required")!.Attribute("type") == "1").Remove();
                dependencies.Single(d => (string?)d.Element("Required")!.Attribute("schemaName") == "customerid").Remove();
                // The name column stays declared (the Required side), for a form that is not in the zip.
                dependencies.Single(d => (string?)d.Element("Required")!.Attribute("schemaName") == "name").Element("Dependent")!.Attribute("id")!.Value = $"{{{gone}}}";
            });
            Assert.That(Issues(copy.Save()), Is.EqualTo(new[]
            {
                "table opportunity: extends opportunity of msdynce_Sales, but solution.xml declares no MissingDependency on it: an admin without it learns only from a failed import.",
                "form 'MCI Opportunity' (66d29029-7a32-5cbc-8076-5804ac275c2a) of opportunity: shows opportunity.customerid of msdynce_Sales, but solution.xml declares no MissingDependency on it.",
                $"solution.xml: declares a MissingDependency of form {{{gone}}}, which is not in the zip.",
            }));
        }

        [Test]
        public void An_extended_table_the_platform_lacks_needs_a_declared_dependency()
        {
            using var copy = new SolutionZipCopy(Managed);
            copy.Customizations(c => Entity(c, "Opportunity").Element("EntityInfo")!.Element("entity")!.Attribute("Name")!.Value = "msdyn_project");
            copy.Manifest(m => m.Element("RootComponents")!.Elements().Single(r => (string?)r.Attribute("schemaName") == "opportunity").Attribute("schemaName")!.Value = "msdyn_project");
            var issues = Issues(copy.Save());
            Assert.That(issues, Has.Member("table msdyn_project: extends a table that neither the platform has nor solution.xml declares as a MissingDependency: the import would fail where it is missing."));
        }

        // ---------- apps, site maps, web resources ----------

        private static XElement App(XElement customizations) => customizations.Element("AppModules")!.Elements("AppModule").Single();

        [Test]
        public void A_site_map_or_app_naming_a_missing_table_and_a_form_library_naming_a_missing_web_resource_are_named()
        {
            using var copy = new SolutionZipCopy(Managed);
            var script = SolutionDefinition.ReadZip(Managed).WebResources.Single();
            copy.Customizations(c =>
            {
                Entity(c, "Opportunity").Descendants("Library").Single().Attribute("name")!.Value = "mci_/scripts/gone.js";
                c.Element("AppModuleSiteMaps")!.Descendants("SubArea").Single(a => (string?)a.Attribute("Entity") == "mci_branch").Attribute("Entity")!.Value = "mci_gonetable";
                App(c).Descendants("AppModuleComponent").Single(a => (string?)a.Attribute("schemaName") == "mci_branch").Attribute("schemaName")!.Value = "mci_otherGone";
                App(c).Descendants("AppModuleComponent").Single(a => (string?)a.Attribute("type") == "62").Attribute("schemaName")!.Value = "mci_GoneMap";
            });
            copy.Remove(script.FileName.TrimStart('/'));
            Assert.That(Issues(copy.Save()), Is.EqualTo(new[]
            {
                "form 'MCI Opportunity' (66d29029-7a32-5cbc-8076-5804ac275c2a) of opportunity: loads script library mci_/scripts/gone.js, which is not a web resource of the zip.",
                "form 'MCI Opportunity' (66d29029-7a32-5cbc-8076-5804ac275c2a) of opportunity: its onload event calls Mci.Opportunity.onLoad from mci_/scripts/opportunity.js, which is not one of the form's libraries (formLibraries).",
                $"web resource mci_/scripts/opportunity.js: names file {script.FileName}, which is not in the zip.",
                "site map mci_MCI: has an area for table mci_gonetable, which neither the zip nor the platform has.",
                "app mci_MCI: includes table mci_othergone, which neither the zip nor the platform has.",
                "app mci_MCI: uses site map mci_GoneMap, which is not in the zip.",
            }));
        }

        [Test]
        public void An_app_site_map_or_web_resource_listed_but_missing_is_a_root_component_issue()
        {
            using var copy = new SolutionZipCopy(Managed);
            copy.Customizations(c =>
            {
                c.Element("AppModules")!.Remove();
                c.Element("AppModuleSiteMaps")!.Remove();
                c.Element("WebResources")!.Remove();
                Entity(c, "Opportunity").Descendants("formLibraries").Single().Remove();
                Entity(c, "Opportunity").Descendants("events").Single().Remove();
            });
            Assert.That(Issues(copy.Save()), Is.EqualTo(new[]
            {
                "solution.xml: RootComponent type 61 (web resource) 'mci_/scripts/opportunity.js' is not in customizations.xml: the import would fail.",
                "solution.xml: RootComponent type 62 (site map) 'mci_mci' is not in customizations.xml: the import would fail.",
                "solution.xml: RootComponent type 80 (app) 'mci_mci' is not in customizations.xml: the import would fail.",
                "solution.xml: declares a MissingDependency of app mci_MCI, which is not in the zip.",
            }));
        }

        [Test]
        public void A_form_or_app_for_a_role_or_a_form_the_zip_does_not_carry_is_noted_not_refused()
        {
            using var copy = new SolutionZipCopy(Managed);
            var systemAdministrator = new Guid("627090ff-40a3-4053-8790-584edc5be201");
            var salesForm = Guid.NewGuid();
            copy.Customizations(c =>
            {
                Entity(c, "Opportunity").Descendants("DisplayConditions").Single().Add(new XElement("Role", new XAttribute("Id", systemAdministrator.ToString("B"))));
                App(c).Element("AppModuleRoleMaps")!.Add(new XElement("Role", new XAttribute("id", systemAdministrator.ToString("B"))));
                App(c).Element("AppModuleComponents")!.Add(new XElement("AppModuleComponent", new XAttribute("type", "60"), new XAttribute("id", salesForm.ToString("B"))));
            });
            var result = ImportCheck.Check(copy.Save());
            Assert.That(result.Issues, Is.Empty);
            Assert.That(result.Unverified.Select(n => n.ToString()), Is.EqualTo(new[]
            {
                $"form 'MCI Opportunity' (66d29029-7a32-5cbc-8076-5804ac275c2a) of opportunity: is shown to security role {systemAdministrator:D}, which is not a role of the zip; the target must have it.",
                $"app mci_MCI: includes form {salesForm:D}, which is not in the zip; the target must have it.",
                $"app mci_MCI: is for security role {systemAdministrator:D}, which is not a role of the zip; the target must have it.",
            }));
        }

        [Test]
        public void The_kinds_of_dangling_reference_are_the_ones_docs_check_md_explains()
        {
            var doc = File.ReadAllLines(Path.Combine(Repo.Root, "docs", "check.md"));
            var listed = doc.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^\d+\. \*\*(?<kind>[^*]+)\.\*\*")).Where(m => m.Success).Select(m => m.Groups["kind"].Value);
            Assert.That(listed, Is.EqualTo(ImportCheck.Kinds));
        }

        // ---------- not a solution zip ----------

        [Test]
        public void A_corrupt_zip_or_one_without_customizations_xml_is_not_a_solution_zip()
        {
            using var copy = new SolutionZipCopy(Managed);
            var truncated = copy.SaveTruncated(Managed);
            Assert.That(Assert.Throws<InvalidSolutionException>(() => ImportCheck.Check(truncated))!.Message, Does.Contain("is not a readable zip file"));
            copy.Remove("customizations.xml");
            var incomplete = copy.Save();
            Assert.That(Assert.Throws<InvalidSolutionException>(() => ImportCheck.Check(incomplete))!.Message,
                Does.Contain("customizations.xml is missing").And.Contain("a solution zip carries solution.xml and customizations.xml at its root"));
            Assert.That(Assert.Throws<InvalidSolutionException>(() => ImportCheck.Check(Path.Combine(copy.Folder, "nope.zip")))!.Message, Does.StartWith("Solution zip not found"));
        }

        [Test]
        public void Unreadable_xml_inside_the_zip_names_the_entry()
        {
            using var copy = new SolutionZipCopy(Managed);
            var env = copy.Entries.First(e => e.StartsWith("environmentvariabledefinitions/", StringComparison.Ordinal));
            var path = copy.Edit(env, d => d.Root!.Attribute("schemaname")!.Remove()).Save();
            Assert.That(Assert.Throws<InvalidSolutionException>(() => ImportCheck.Check(path))!.Message, Does.StartWith(env + ": <environmentvariabledefinition> without schemaname"));
        }
    }
}
