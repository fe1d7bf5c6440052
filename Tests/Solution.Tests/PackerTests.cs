using System.Reflection;
using System.Xml.Linq;
using Mci.Packaging;
using Mci.SolutionModel;

namespace Mci.Solution.Tests
{
    /// <summary>Pack Solution/src, read the zip back and compare it component by component with the source (a round trip).</summary>
    public class PackerRoundTripTests
    {
        [TestCase(PackageType.Unmanaged, "0")]
        [TestCase(PackageType.Managed, "1")]
        public void Pack_then_read_back_holds_every_component_of_the_source(PackageType type, string managedFlag)
        {
            using var temp = new TempSolution(copySource: false);
            var result = SolutionPacker.Pack(Repo.Src, temp.Zip(), type, Repo.AssemblyMap, useUnmanagedFileForMissingManaged: true);
            var package = Package.Read(result.ZipFile);
            var source = Repo.Metadata;

            Assert.That(package.Manifest.Element("Managed")!.Value, Is.EqualTo(managedFlag));
            Assert.That(package.Manifest.Element("UniqueName")!.Value, Is.EqualTo("MciDataverse"));
            var c = package.Customizations.Root!;

            var entities = c.Element("Entities")!.Elements("Entity").ToList();
            Assert.That(entities.Select(e => e.Element("Name")!.Value.ToLowerInvariant()), Is.EquivalentTo(source.Tables.Select(t => t.LogicalName)));
            foreach (var e in entities)
            {
                var name = e.Element("Name")!.Value.ToLowerInvariant();
                var attributes = e.Element("EntityInfo")!.Element("entity")!.Element("attributes")!.Elements("attribute").Select(a => a.Element("LogicalName")!.Value);
                Assert.That(attributes, Is.EquivalentTo(source.Table(name)!.Columns.Keys), name);
                var forms = Directory.EnumerateFiles(Path.Combine(Repo.Src, "Entities", e.Element("Name")!.Value, "FormXml"), "*.xml", SearchOption.AllDirectories).Count();
                Assert.That(e.Element("FormXml")!.Descendants("systemform").Count(), Is.EqualTo(forms), name + " forms");
                var viewsDir = Path.Combine(Repo.Src, "Entities", e.Element("Name")!.Value, "SavedQueries");
                var views = Directory.Exists(viewsDir) ? Directory.GetFiles(viewsDir).Length : 0;
                Assert.That(e.Element("SavedQueries")?.Descendants("savedquery").Count() ?? 0, Is.EqualTo(views), name + " views");
            }
            Assert.That(c.Element("Roles")!.Elements("Role").Select(r => (string)r.Attribute("name")!), Is.EquivalentTo(source.Roles.Select(r => r.Name)));
            Assert.That(c.Element("FieldSecurityProfiles")!.Elements().Select(p => (string)p.Attribute("name")!), Is.EquivalentTo(source.FieldSecurityProfiles.Select(p => p.Name)));
            Assert.That(c.Element("EntityRelationships")!.Elements().Select(r => (string)r.Attribute("Name")!), Is.EquivalentTo(source.Relationships.Select(r => r.SchemaName)));
            Assert.That(c.Element("optionsets")!.Elements().Select(o => (string)o.Attribute("Name")!), Is.EquivalentTo(source.GlobalChoices.Select(c => c.Name)));
            // Environment variables travel as their own files, as Dataverse exports carry them; customizations.xml has none.
            Assert.That(c.Element("environmentvariabledefinitions"), Is.Null);
            foreach (var v in source.EnvironmentVariables)
            {
                var entry = $"environmentvariabledefinitions/{v.SchemaName}/environmentvariabledefinition.xml";
                Assert.That(package.Entries.ContainsKey(entry), entry);
                var definition = XDocument.Load(new MemoryStream(package.Entries[entry])).Root!;
                Assert.That(XNode.DeepEquals(definition, XDocument.Load(v.Source).Root), entry + " is the unpacked definition");
            }
            Assert.That(c.Element("SolutionPluginAssemblies")!.Elements().Select(a => (string)a.Attribute("FullName")!), Is.EquivalentTo(source.PluginAssemblies.Select(a => a.FullName)));
            Assert.That(c.Element("SdkMessageProcessingSteps")!.Elements().Count(), Is.EqualTo(source.Steps.Count));
            Assert.That(c.Element("Languages")!.Elements("Language").Select(l => l.Value), Is.EquivalentTo(new[] { "1033", "2052" }));
            Assert.That(result.Components["Entity"], Is.EqualTo(source.Tables.Count));

            // The built net462 assemblies, byte for byte, at the PluginAssemblies/ paths the data files name.
            foreach (var a in source.PluginAssemblies)
            {
                var fileName = XDocument.Load(a.Source).Root!.Element("FileName")!.Value.TrimStart('/');
                Assert.That(package.Entries[fileName], Is.EqualTo(File.ReadAllBytes(Repo.AssemblyMap[a.Name + ".dll"])), fileName);
            }
            // Web resources, apps and site maps: the registrations in their sections, each web resource's content at its FileName.
            Assert.That(c.Element("WebResources")!.Elements("WebResource").Select(w => w.Element("Name")!.Value), Is.EqualTo(source.WebResources.Select(w => w.Name)));
            Assert.That(c.Element("AppModuleSiteMaps")!.Elements().Select(m => m.Element("SiteMapUniqueName")!.Value), Is.EqualTo(source.SiteMaps.Select(m => m.UniqueName)));
            Assert.That(c.Element("AppModules")!.Elements().Select(m => m.Element("UniqueName")!.Value), Is.EqualTo(source.Apps.Select(m => m.UniqueName)));
            foreach (var w in source.WebResources)
                Assert.That(package.Entries[w.FileName.TrimStart('/')], Is.EqualTo(File.ReadAllBytes(Path.Combine(Repo.Src, w.ContentPath))), w.FileName + " is the file in the folder, byte for byte");
            Assert.That((result.Components["WebResource"], result.Components["AppModuleSiteMap"], result.Components["AppModule"]),
                Is.EqualTo((source.WebResources.Count, source.SiteMaps.Count, source.Apps.Count)), "mci pack counts them");
            Assert.That(package.Entries.Keys.Where(k => !k.EndsWith(".dll", StringComparison.Ordinal) && !k.StartsWith("environmentvariabledefinitions/", StringComparison.Ordinal)),
                Is.EqualTo(new[] { "customizations.xml", "[Content_Types].xml", "solution.xml" }
                    .Concat(source.Workflows.Select(w => w.JsonFileName.TrimStart('/')))
                    .Concat(source.WebResources.Select(w => w.FileName.TrimStart('/')))
                    .Concat(source.CustomApis.SelectMany(a => a.Files))),
                "besides the assemblies and the variables, the three files an export starts with, in its order, then the flows' definitions, the web resources and the custom APIs' files");
            // Cloud flows, the connection reference and the custom API: as the folder has them.
            Assert.That(c.Element("Workflows")!.Elements("Workflow").Select(w => (w.Attribute("Name")!.Value, w.Element("Category")!.Value, w.Element("JsonFileName")!.Value)),
                Is.EqualTo(source.Workflows.Select(w => (w.Name, "5", w.JsonFileName))));
            foreach (var w in source.Workflows)
            {
                // The folder's text with the export's line ends (CRLF, none after the closing brace, no byte order mark); nothing else changes.
                var packed = package.Entries[w.JsonFileName.TrimStart('/')];
                var folder = File.ReadAllText(Path.Combine(Repo.Src, w.JsonFileName.TrimStart('/')));
                Assert.That(System.Text.Encoding.UTF8.GetString(packed), Is.EqualTo(folder.TrimEnd().Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal)),
                    w.JsonFileName + " is the file in the folder, with CRLF line ends");
                Assert.That(packed.Take(3), Is.Not.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), w.JsonFileName + " has no byte order mark");
            }
            Assert.That(c.Element("connectionreferences")!.Elements("connectionreference").Select(r => r.Attribute("connectionreferencelogicalname")!.Value), Is.EqualTo(new[] { "mci_DataverseConnection" }));
            Assert.That((result.Components["Workflow"], result.Components["ConnectionReference"], result.Components["CustomApi"]), Is.EqualTo((1, 1, 1)), "mci pack counts them");
        }

        [TestCase("{\n  \"a\": 1\n}\n", false)]
        [TestCase("{\r\n  \"a\": 1\r\n}\r\n", true)]
        [TestCase("{\r\n  \"a\": 1\n}", true)]
        public void A_flow_definition_is_packed_with_the_exports_line_ends_whatever_the_folder_has(string text, bool byteOrderMark)
        {
            using var temp = new TempSolution(copySource: false);
            var file = Path.Combine(temp.Dir, "flow.json");
            File.WriteAllText(file, text, new System.Text.UTF8Encoding(byteOrderMark));
            Assert.That(SolutionPacker.FlowJson(file), Is.EqualTo(System.Text.Encoding.UTF8.GetBytes("{\r\n  \"a\": 1\r\n}")), "no byte order mark, CRLF, no line end after the brace");
        }

        [Test]
        public void Customizations_elements_are_in_export_order()
        {
            using var temp = new TempSolution(copySource: false);
            var package = Package.Read(SolutionPacker.Pack(Repo.Src, temp.Zip(), PackageType.Unmanaged, Repo.AssemblyMap).ZipFile);
            var order = package.Customizations.Root!.Elements().Select(e => e.Name.LocalName).ToList();
            string[] expected = { "Entities", "Roles", "Workflows", "FieldSecurityProfiles", "Templates", "EntityMaps", "EntityRelationships", "OrganizationSettings",
                                  "optionsets", "WebResources", "CustomControls", "SolutionPluginAssemblies", "SdkMessageProcessingSteps", "AppModuleSiteMaps", "AppModules",
                                  "EntityDataProviders", "connectionreferences", "Languages" };
            Assert.That(order, Is.EqualTo(expected));
            var entity = package.Customizations.Root!.Element("Entities")!.Elements().Single(e => e.Element("Name")!.Value == "mci_Branch");
            Assert.That(entity.Elements().Select(e => e.Name.LocalName), Is.EqualTo(new[] { "Name", "EntityInfo", "FormXml", "SavedQueries", "RibbonDiffXml" }));
            Assert.That(entity.Element("FormXml")!.Elements("forms").Select(f => f.Attribute("type")!.Value), Is.EqualTo(new[] { "main", "quickCreate" }));
        }

        [Test]
        public void Content_types_and_root_components_are_what_Dataverse_reads()
        {
            using var temp = new TempSolution(copySource: false);
            var package = Package.Read(SolutionPacker.Pack(Repo.Src, temp.Zip(), PackageType.Managed, Repo.AssemblyMap, true).ZipFile);
            var types = XDocument.Load(new MemoryStream(package.Entries["[Content_Types].xml"])).Root!;
            Assert.That(types.Name.NamespaceName, Is.EqualTo("http://schemas.openxmlformats.org/package/2006/content-types"));
            Assert.That(types.Elements("{http://schemas.openxmlformats.org/package/2006/content-types}Default").Select(e => (string)e.Attribute("Extension")!), Is.EqualTo(new[] { "xml", "json", "dll" }), "xml first, then in entry order (the cloud flow's definition first)");
            // A web resource's content has no extension: an Override names it, as in a Dataverse export.
            Assert.That(types.Elements("{http://schemas.openxmlformats.org/package/2006/content-types}Override").Select(e => (string)e.Attribute("PartName")!),
                Is.EqualTo(Repo.Metadata.WebResources.Select(w => w.FileName)));

            var roots = package.Manifest.Element("RootComponents")!.Elements().ToList();
            string Behaviour(string schemaName) => roots.Single(r => (string?)r.Attribute("schemaName") == schemaName).Attribute("behavior")!.Value;
            Assert.That(Behaviour("opportunity"), Is.EqualTo("2"), "opportunity is a shell: only our columns and form");
            foreach (var table in Repo.Metadata.Tables.Where(e => !e.IsShell)) Assert.That(Behaviour(table.LogicalName), Is.EqualTo("0"), table.LogicalName);
            Assert.That(roots.Count(r => r.Attribute("type")!.Value == "20"), Is.EqualTo(5), "five roles");
            Assert.That(roots.Count(r => r.Attribute("type")!.Value == "91"), Is.EqualTo(2), "two plug-in assemblies");
            Assert.That(roots.Count(r => r.Attribute("type")!.Value == "380"), Is.EqualTo(3), "three environment variables");
            Assert.That(roots.Where(r => r.Attribute("type")!.Value == "29").Select(r => r.Attribute("id")!.Value), Is.EqualTo(Repo.Metadata.Workflows.Select(w => "{" + w.Id + "}")),
                "the cloud flow, by id (type 29, as SalesWin lists its flow); the custom API and the connection reference have no root component");
            Assert.That(roots.Where(r => r.Attribute("type")!.Value is "61" or "62" or "80").Select(r => (r.Attribute("type")!.Value, r.Attribute("schemaName")!.Value, r.Attribute("behavior")!.Value)),
                Is.EqualTo(new[] { ("61", "mci_/scripts/opportunity.js", "0"), ("62", "mci_MCI", "0"), ("80", "mci_MCI", "0") }), "the form script, the app's site map and the app, by schema name as exports list them");
        }

        [Test]
        public void Packing_twice_gives_the_same_bytes()
        {
            using var temp = new TempSolution(copySource: false);
            var first = File.ReadAllBytes(SolutionPacker.Pack(Repo.Src, temp.Zip("a.zip"), PackageType.Unmanaged, Repo.AssemblyMap).ZipFile);
            var second = File.ReadAllBytes(SolutionPacker.Pack(Repo.Src, temp.Zip("b.zip"), PackageType.Unmanaged, Repo.AssemblyMap).ZipFile);
            Assert.That(second, Is.EqualTo(first));
        }

        [Test]
        public void The_build_wrote_both_zips_with_the_export_names_and_current_content()
        {
            var version = Repo.Metadata.Source.Length > 0 ? XDocument.Load(Path.Combine(Repo.Src, "Other", "Solution.xml")).Root!.Element("SolutionManifest")!.Element("Version")!.Value : "";
            var stem = "MciDataverse_" + version.Replace('.', '_');
            Assert.That(Repo.BuiltZips.Select(Path.GetFileName), Is.EquivalentTo(new[] { stem + ".zip", stem + "_managed.zip" }));
            using var temp = new TempSolution(copySource: false);
            foreach (var zip in Repo.BuiltZips)
            {
                Assert.That(File.Exists(zip), zip);
                var managed = zip.EndsWith("_managed.zip", StringComparison.Ordinal);
                var fresh = SolutionPacker.Pack(Repo.Src, temp.Zip(Path.GetFileName(zip)), managed ? PackageType.Managed : PackageType.Unmanaged, Repo.AssemblyMap, true);
                Assert.That(File.ReadAllBytes(zip), Is.EqualTo(File.ReadAllBytes(fresh.ZipFile)), $"{zip} is stale: dotnet build packs Solution/src again");
            }
        }

        [Test]
        public void Both_writes_the_unmanaged_zip_and_the_managed_one_beside_it()
        {
            using var temp = new TempSolution(copySource: false);
            var results = SolutionPacker.Pack(new PackOptions(Repo.Src, temp.Zip("MciDataverse.zip"), PackageType.Both)
            {
                Map = FileMap.FromFiles(Repo.AssemblyMap),
                UseUnmanagedFileForMissingManaged = true,
            });
            Assert.That(results.Select(r => (Path.GetFileName(r.ZipFile), r.Managed)), Is.EqualTo(new[] { ("MciDataverse.zip", false), ("MciDataverse_managed.zip", true) }));
            Assert.That(SolutionPacker.ExportFileName("MciDataverse", "1.2.3.4", true), Is.EqualTo("MciDataverse_1_2_3_4_managed.zip"));
        }
    }

    /// <summary>What the packer refuses: each error names the file or component, nothing is silently dropped.</summary>
    public class PackerErrorTests
    {
        private static string Error(TempSolution temp, PackageType type = PackageType.Unmanaged, bool same = true) =>
            Assert.Throws<InvalidSolutionException>(() => temp.Pack(type, same))!.Message;

        [Test]
        public void An_unsupported_component_folder_is_an_error_naming_it()
        {
            using var temp = new TempSolution();
            temp.Write("Reports/mci_report.rdl", "<Report />");
            Assert.That(Error(temp), Does.Contain("Reports").And.Contain("Unsupported"));
        }

        [Test]
        public void An_unsupported_entity_component_is_an_error_naming_it()
        {
            using var temp = new TempSolution();
            temp.Write("Entities/mci_Branch/Visualizations/{00000000-0000-0000-0000-000000000001}.xml", "<visualization />");
            Assert.That(Error(temp), Does.Contain("Visualizations"));
        }

        [Test]
        public void A_stray_file_in_Other_is_an_error()
        {
            using var temp = new TempSolution();
            temp.Write("Other/Notes.xml", "<notes />");
            Assert.That(Error(temp), Does.Contain("Notes.xml"));
        }

        [Test]
        public void A_table_missing_from_RootComponents_is_an_error()
        {
            using var temp = new TempSolution();
            temp.Edit("Other/Solution.xml", d => d.Descendants("RootComponent").Single(r => (string?)r.Attribute("schemaName") == "mci_branch").Remove());
            Assert.That(Error(temp), Does.Contain("mci_branch").And.Contain("RootComponents"));
        }

        [Test]
        public void A_root_component_without_its_file_is_an_error()
        {
            using var temp = new TempSolution();
            File.Delete(temp.PathOf("Roles/MCI Presales.xml"));
            Assert.That(Error(temp), Does.Contain("type 20"));
        }

        [Test]
        public void Two_components_with_one_id_are_an_error_naming_both_files()
        {
            using var temp = new TempSolution();
            File.Copy(temp.PathOf("Roles/MCI Seller.xml"), temp.PathOf("Roles/MCI Seller copy.xml"));
            Assert.That(Error(temp), Does.Contain("MCI Seller copy.xml").And.Contain("also defined in"));
        }

        [Test]
        public void A_folder_unpacked_as_unmanaged_cannot_be_packed_as_managed()
        {
            using var temp = new TempSolution();
            temp.Edit("Other/Solution.xml", d => d.Descendants("Managed").Single().Value = "0");
            Assert.That(temp.Pack(PackageType.Unmanaged).Managed, Is.False);
            Assert.That(Error(temp, PackageType.Managed), Does.Contain("did not match"));
        }

        [Test]
        public void A_managed_pack_needs_managed_forms_unless_the_unmanaged_ones_may_stand_in()
        {
            using var temp = new TempSolution();
            Assert.That(Error(temp, PackageType.Managed, same: false), Does.Contain("_managed.xml").And.Contain("useUnmanagedFileForMissingManaged"));
            Assert.That(temp.Pack(PackageType.Managed, same: true).Managed, Is.True);
        }

        [Test]
        public void A_managed_form_file_is_used_in_the_managed_package()
        {
            using var temp = new TempSolution();
            var form = Directory.GetFiles(temp.PathOf("Entities/mci_Branch/FormXml/main")).Single();
            var managed = Path.Combine(Path.GetDirectoryName(form)!, Path.GetFileNameWithoutExtension(form) + "_managed.xml");
            File.WriteAllText(managed, File.ReadAllText(form).Replace("Information", "Managed Information"));
            var package = Package.Read(temp.Pack(PackageType.Managed, same: true).ZipFile);
            Assert.That(package.Customizations.ToString(), Does.Contain("Managed Information"));
            var unmanaged = Package.Read(temp.Pack(PackageType.Unmanaged).ZipFile);
            Assert.That(unmanaged.Customizations.ToString(), Does.Not.Contain("Managed Information"));
        }

        [Test]
        public void A_missing_assembly_is_an_error_that_says_how_to_supply_it()
        {
            using var temp = new TempSolution();
            var ex = Assert.Throws<InvalidSolutionException>(() => SolutionPacker.Pack(temp.Src, temp.Zip(), PackageType.Unmanaged))!;
            Assert.That(ex.Message, Does.Contain("MciDataverse.Plugins.dll").And.Contain("mapping"));
        }

        [Test]
        public void An_assembly_whose_identity_differs_from_FullName_is_an_error()
        {
            using var temp = new TempSolution();
            var data = Directory.GetFiles(temp.PathOf("PluginAssemblies"), "MciDataverse.Plugins.dll.data.xml", SearchOption.AllDirectories).Single();
            File.WriteAllText(data, File.ReadAllText(data).Replace("Version=1.0.0.0", "Version=9.9.0.0"));
            Assert.That(Error(temp), Does.Contain("FullName").And.Contain("9.9.0.0"));
        }

        [Test]
        public void A_relationship_listed_but_not_defined_is_an_error()
        {
            using var temp = new TempSolution();
            temp.Edit("Other/Relationships.xml", d => d.Root!.Add(new XElement("EntityRelationship", new XAttribute("Name", "mci_ghost"))));
            Assert.That(Error(temp), Does.Contain("mci_ghost"));
        }

        [Test]
        public void A_placeholder_with_content_is_an_error()
        {
            using var temp = new TempSolution();
            temp.Edit("Other/Customizations.xml", d => d.Root!.Element("Roles")!.Add(new XElement("Role", new XAttribute("name", "Sneaky"))));
            Assert.That(Error(temp), Does.Contain("<Roles> must be an empty placeholder"));
        }

        [Test]
        public void Malformed_xml_is_an_error_naming_the_file()
        {
            using var temp = new TempSolution();
            temp.Write("OptionSets/mci_salesmode.xml", "<optionset Name=\"mci_salesmode\">");
            Assert.That(Error(temp), Does.Contain("mci_salesmode.xml").And.Contain("not well-formed"));
        }
    }

    /// <summary>The pac-style command line shared by the Packager exe and `mci pack`.</summary>
    public class PackArgumentsTests
    {
        [Test]
        public void Pac_arguments_are_understood()
        {
            var o = PackArguments.Parse(new[] { "solution", "pack", "--folder", "src", "--zipfile", "x.zip", "--packagetype", "managed", "-same" });
            Assert.That((o.Folder, o.ZipFile, o.PackageType, o.UseUnmanagedFileForMissingManaged), Is.EqualTo(("src", "x.zip", PackageType.Managed, true)));
            var s = PackArguments.Parse(new[] { "-f", "src", "-z", "y.zip" });
            Assert.That(s.PackageType, Is.EqualTo(PackageType.Unmanaged));
        }

        [TestCase(new[] { "--folder", "src" }, "required")]
        [TestCase(new[] { "--folder", "src", "--zipfile", "x.zip", "--packagetype", "Sideways" }, "Unmanaged, Managed or Both")]
        [TestCase(new[] { "--folder", "src", "--zipfile", "x.zip", "--packagetype", "1" }, "Unmanaged, Managed or Both")]
        [TestCase(new[] { "--folder", "src", "--zipfile", "x.zip", "--clobber" }, "Unknown argument")]
        [TestCase(new[] { "--folder", "--zipfile", "x.zip" }, "needs a value")]
        public void Bad_arguments_are_refused_with_a_reason(string[] args, string reason)
        {
            Assert.That(Assert.Throws<ArgumentException>(() => PackArguments.Parse(args))!.Message, Does.Contain(reason));
        }

        [Test]
        public void A_mapping_file_maps_names_relative_to_the_solution_folder_and_refuses_folder_mappings()
        {
            // SolutionPackager: "Relative paths are always evaluated from the folder specified by the /folder parameter."
            using var temp = new TempSolution(copySource: false);
            var map = Path.Combine(temp.Dir, "elsewhere", "map.xml");
            var folder = Path.Combine(temp.Dir, "src");
            Directory.CreateDirectory(Path.GetDirectoryName(map)!);
            File.WriteAllText(map, "<Mapping><FileToFile map=\"A.dll\" to=\"../bin/A.dll\" /><FileToPath map=\"PluginAssemblies/X-1/B.dll\" to=\"out\" /></Mapping>");
            var m = FileMap.Load(map, folder);
            Assert.That(m.Resolve("PluginAssemblies/A-1/A.dll"), Is.EqualTo(Path.Combine(temp.Dir, "bin", "A.dll")));
            Assert.That(m.Resolve("PluginAssemblies/X-1/B.dll"), Is.EqualTo(Path.Combine(folder, "out", "B.dll")));
            Assert.That(m.Resolve("PluginAssemblies/Y-1/B.dll"), Is.Null);
            File.WriteAllText(map, "<Mapping><Folder map=\"a\" to=\"b\" /></Mapping>");
            Assert.That(Assert.Throws<InvalidSolutionException>(() => FileMap.Load(map, folder))!.Message, Does.Contain("not supported"));
        }

        [Test]
        public void The_committed_pac_map_names_both_release_assemblies()
        {
            var map = FileMap.Load(Path.Combine(Repo.Root, "Solution", "map.xml"), Path.Combine(Repo.Root, "Solution", "src"));
            foreach (var a in Repo.Metadata.PluginAssemblies)
            {
                var target = map.Resolve($"PluginAssemblies/x/{a.Name}.dll");
                Assert.That(target, Does.EndWith(Path.Combine(a.Name.Split('.').Last(), "bin", "Release", "net462", a.Name + ".dll")));
            }
        }

        [Test]
        public void The_packager_exe_runs_with_the_same_arguments()
        {
            var exe = typeof(SolutionPacker).Assembly.Location;
            using var temp = new TempSolution(copySource: false);
            var map = Path.Combine(temp.Dir, "map.xml");
            FileMap.FromFiles(Repo.AssemblyMap).ToXml().Save(map);
            var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { exe, "pack", "--folder", Repo.Src, "--zipfile", temp.Zip("c.zip"), "--packagetype", "Both", "--map", map, "--useUnmanagedFileForMissingManaged" }) psi.ArgumentList.Add(a);
            using var p = System.Diagnostics.Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.That(p.ExitCode, Is.EqualTo(0), output);
            Assert.That(File.Exists(temp.Zip("c_managed.zip")), output);
            Assert.That(output, Does.Contain("Packed").And.Contain("8 Entity"));
        }
    }
}
