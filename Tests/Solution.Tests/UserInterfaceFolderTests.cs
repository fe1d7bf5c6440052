using Mci.Packaging;
using Mci.SolutionModel;

namespace Mci.Solution.Tests
{
    /// <summary>
    /// Web resources, apps and site maps in the unpacked layout (WebResources/&lt;name&gt; + .data.xml, AppModules/&lt;name&gt;/AppModule.xml,
    /// AppModuleSiteMaps/&lt;name&gt;/AppModuleSiteMap.xml): what the reader takes in and what it and the packer refuse, each
    /// refusal naming the file.
    /// </summary>
    public class UserInterfaceFolderTests
    {
        private const string ScriptData = "WebResources/mci_/scripts/opportunity.js.data.xml";

        private static string Error(TempSolution temp, PackageType type = PackageType.Unmanaged, bool same = true) =>
            Assert.Throws<InvalidSolutionException>(() => temp.Pack(type, same))!.Message;

        [Test]
        public void The_folder_reads_the_script_the_app_and_its_site_map()
        {
            var m = Repo.Metadata;
            var script = m.WebResources.Single();
            Assert.Multiple(() =>
            {
                Assert.That((script.Name, script.Type, script.ContentPath), Is.EqualTo(("mci_/scripts/opportunity.js", 3, "WebResources/mci_/scripts/opportunity.js")));
                Assert.That(m.ReadFile(script.ContentPath), Is.Not.Null.And.Not.Empty);
                Assert.That(script.Source, Does.EndWith("opportunity.js.data.xml"));
                var app = m.Apps.Single();
                Assert.That((app.UniqueName, app.Names[1033], app.SiteMaps.Single(), app.Roles.Count), Is.EqualTo(("mci_MCI", "MCI - Presales Coordination", "mci_MCI", 5)));
                Assert.That(app.Roles, Is.EquivalentTo(m.Roles.Select(r => r.Id)));
                var map = m.SiteMaps.Single();
                Assert.That((map.UniqueName, string.Join(",", map.Areas)), Is.EqualTo(("mci_MCI", "mci_sales,mci_partners,mci_settings")));
                var opportunity = m.Forms.Single(f => f.Table == "opportunity");
                Assert.That((opportunity.ForEveryone, opportunity.IsFallback, opportunity.DisplayRoles.Count), Is.EqualTo((false, false, 5)));
                Assert.That(opportunity.Handlers.Single(), Is.EqualTo(new FormEventHandler("onload", "Mci.Opportunity.onLoad", "mci_/scripts/opportunity.js")));
                Assert.That(m.Forms.Where(f => f.Table != "opportunity"), Has.All.Matches<FormDefinition>(f => f.ForEveryone && f.IsFallback));
                Assert.That(m.Forms.Count(f => f.FormType == "quickCreate"), Is.EqualTo(7));
            });
        }

        [Test]
        public void A_web_resource_without_its_registration_or_its_content_is_an_error_naming_the_file()
        {
            using var temp = new TempSolution();
            temp.Write("WebResources/mci_/scripts/stray.js", "alert(1)");
            Assert.That(Error(temp), Does.Contain("stray.js").And.Contain("without its .data.xml"));
            File.Delete(temp.PathOf("WebResources/mci_/scripts/stray.js"));
            File.Delete(temp.PathOf("WebResources/mci_/scripts/opportunity.js"));
            Assert.That(Error(temp), Does.Contain("opportunity.js.data.xml").And.Contain("is missing beside it"));
        }

        [Test]
        public void A_web_resource_whose_name_is_not_its_path_is_an_error()
        {
            using var temp = new TempSolution();
            temp.Edit(ScriptData, d => d.Root!.Element("Name")!.Value = "mci_/scripts/other.js");
            Assert.That(Error(temp), Does.Contain("opportunity.js.data.xml").And.Contain("a web resource's path under WebResources/ is its name"));
        }

        [Test]
        public void A_FileName_that_is_not_a_zip_entry_under_WebResources_is_refused_with_the_name_an_export_gives()
        {
            using var temp = new TempSolution();
            temp.Edit(ScriptData, d => d.Root!.Element("FileName")!.Value = "/WebResources/mci_/scripts/opportunity.js");
            Assert.That(Error(temp), Does.Contain("<FileName> is '/WebResources/mci_/scripts/opportunity.js'").And.Contain("/WebResources/mci_scriptsopportunityjs85099F6B-641F-46A8-8621-D6085CBC4507"));
        }

        [Test]
        public void Two_web_resources_with_one_FileName_are_refused()
        {
            using var temp = new TempSolution();
            File.Copy(temp.PathOf("WebResources/mci_/scripts/opportunity.js"), temp.PathOf("WebResources/mci_/scripts/copy.js"));
            File.Copy(temp.PathOf(ScriptData), temp.PathOf("WebResources/mci_/scripts/copy.js.data.xml"));
            temp.Edit("WebResources/mci_/scripts/copy.js.data.xml", d =>
            {
                d.Root!.Element("Name")!.Value = "mci_/scripts/copy.js";
                d.Root!.Element("WebResourceId")!.Value = Guid.NewGuid().ToString("B");
            });
            temp.Edit("Other/Solution.xml", d => d.Descendants("RootComponents").Single().Add(new System.Xml.Linq.XElement("RootComponent",
                new System.Xml.Linq.XAttribute("type", 61), new System.Xml.Linq.XAttribute("schemaName", "mci_/scripts/copy.js"), new System.Xml.Linq.XAttribute("behavior", 0))));
            Assert.That(Error(temp), Does.Contain("copy.js.data.xml").And.Contain("also the FileName of"));
        }

        [Test]
        public void An_app_or_site_map_folder_not_named_after_it_or_holding_a_stray_file_is_an_error()
        {
            using var temp = new TempSolution();
            temp.Write("AppModules/mci_MCI/notes.txt", "x");
            Assert.That(Error(temp), Does.Contain("notes.txt").And.Contain("AppModule folder"));
            File.Delete(temp.PathOf("AppModules/mci_MCI/notes.txt"));
            Directory.Move(temp.PathOf("AppModuleSiteMaps/mci_MCI"), temp.PathOf("AppModuleSiteMaps/mci_Other"));
            Assert.That(Error(temp), Does.Contain("AppModuleSiteMap.xml").And.Contain("the folder is AppModuleSiteMaps/mci_Other"));
        }

        [Test]
        public void An_app_a_site_map_or_a_web_resource_not_listed_in_RootComponents_is_an_error()
        {
            foreach (var (type, name) in new[] { ("61", "mci_/scripts/opportunity.js"), ("62", "mci_MCI"), ("80", "mci_MCI") })
            {
                using var temp = new TempSolution();
                temp.Edit("Other/Solution.xml", d => d.Descendants("RootComponent").Single(r => (string?)r.Attribute("type") == type).Remove());
                Assert.That(Error(temp), Does.Contain($"'{name.ToLowerInvariant()}' is not listed").And.Contain($"type=\"{type}\""), type);
            }
        }

        [Test]
        public void A_managed_app_file_goes_into_the_managed_package_only()
        {
            using var temp = new TempSolution();
            File.WriteAllText(temp.PathOf("AppModules/mci_MCI/AppModule_managed.xml"),
                File.ReadAllText(temp.PathOf("AppModules/mci_MCI/AppModule.xml")).Replace("MCI - Presales Coordination", "MCI managed"));
            Assert.That(Package.Read(temp.Pack(PackageType.Managed, same: true).ZipFile).Customizations.ToString(), Does.Contain("MCI managed"));
            Assert.That(Package.Read(temp.Pack(PackageType.Unmanaged).ZipFile).Customizations.ToString(), Does.Not.Contain("MCI managed"));
        }
    }
}
