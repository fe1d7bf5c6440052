using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Mci.Packaging;

namespace Mci.Solution.Tests
{
    /// <summary>
    /// The packed customizations.xml against Microsoft's published solution schemas (../shared/schemas). The schemas lag current
    /// exports, so the newer elements and attributes they do not describe are taken out first (each listed below, with
    /// where it belongs); everything the schemas do describe (entities and columns, forms, views, roles, field security,
    /// relationships, option sets, plug-in assemblies, steps) must validate.
    /// </summary>
    public class SchemaValidationTests
    {
        // Element names newer than the schemas, by parent element: current exports write them, the XSD does not know them.
        internal static readonly Dictionary<string, string[]> NewerElements = new()
        {
            ["attribute"] = new[] { "IsSearchable", "IsFilterable", "IsRetrievable", "IsLocalizable" },
            ["EntityRelationship"] = new[] { "CascadeArchive" },
            ["FieldPermission"] = new[] { "CanReadUnmasked" },
            ["entity"] = new[] { "IsMSTeamsIntegrationEnabled", "IsSolutionAware" },
            ["ImportExportXml"] = new[] { "environmentvariabledefinitions", "connectionreferences" },
            // Real exports (SalesWin, DEFRA/trade-imports-pims, CoE kit) write these between the schema's elements of an app and its site map.
            ["AppModule"] = new[] { "OptimizedFor", "statecode", "statuscode", "NavigationType" },
            ["AppModuleSiteMap"] = new[] { "EnableCollapsibleGroups", "ShowHome", "ShowPinned", "ShowRecents" },
            // A cloud flow's process: SalesWin's export writes its definition's path and this flag, which the schema predates.
            ["Workflow"] = new[] { "JsonFileName", "IsCustomProcessingStepAllowedForOtherPublishers" },
        };

        // Attributes newer than the schemas, by element.
        internal static readonly Dictionary<string, string[]> NewerAttributes = new()
        {
            ["option"] = new[] { "IsHidden" },
            // Member's privilege inheritance: real exports write isinherited="1" (microsoft/coe-starter-kit Roles/*.xml).
            ["Role"] = new[] { "isinherited" },
            // A form with a header: real exports write headerdensity="HighWithControls" (SalesWin, CoE kit).
            ["form"] = new[] { "headerdensity" },
        };

        private static XmlSchemaSet? _schemas;

        internal static XmlSchemaSet Schemas()
        {
            if (_schemas != null) return _schemas;
            var dir = Path.Combine(Repo.SharedDir, "schemas");
            var main = Path.Combine(dir, "CustomizationsSolution.xsd");
            Mci.Tests.SharedMaterial.Require("customizations.xml is not validated against Microsoft's solution schemas", main);
            var set = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
            using (var reader = XmlReader.Create(main, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = new XmlUrlResolver() }))
            {
                set.Add(null, reader);
            }
            set.Compile();
            return _schemas = set;
        }

        internal static List<string> Validate(XDocument customizations)
        {
            var copy = new XDocument(customizations);
            foreach (var (parent, names) in NewerElements)
            {
                copy.Descendants(parent).Elements().Where(e => names.Contains(e.Name.LocalName)).Remove();
                if (copy.Root!.Name.LocalName == parent) copy.Root.Elements().Where(e => names.Contains(e.Name.LocalName)).Remove();
            }
            foreach (var (element, names) in NewerAttributes)
            {
                copy.Descendants(element).Attributes().Where(a => names.Contains(a.Name.LocalName)).Remove();
            }
            // Exports order a step's children differently from the schema's sequence (see SOURCES.md): validate the content, not the order.
            var stepOrder = SequenceOf("sdkmessageprocessingsteptype");
            foreach (var step in copy.Descendants("SdkMessageProcessingStep"))
            {
                var children = step.Elements().OrderBy(e => stepOrder.IndexOf(e.Name.LocalName) is var i && i < 0 ? int.MaxValue : i).ToList();
                step.ReplaceNodes(children);
            }
            var errors = new List<string>();
            copy.Validate(Schemas(), (sender, e) => errors.Add($"{e.Severity}: {e.Message} at {Where(sender as XObject)}"), addSchemaInfo: false);
            return errors;
        }

        private static List<string> SequenceOf(string complexType)
        {
            var type = Schemas().GlobalTypes.Values.OfType<XmlSchemaComplexType>().Single(t => t.Name == complexType);
            return ((XmlSchemaSequence)type.ContentTypeParticle).Items.OfType<XmlSchemaElement>().Select(e => e.Name!).ToList();
        }

        private static string Where(XObject? o)
        {
            var e = o as XElement ?? o?.Parent;
            var path = e?.AncestorsAndSelf().Take(4).Reverse().Select(x => x.Name.LocalName + ((x.Attribute("Name") ?? x.Attribute("name") ?? x.Attribute("PhysicalName")) is { } n ? $"[{n.Value}]" : ""));
            return path == null ? "?" : string.Join("/", path);
        }

        [Test]
        public void The_packed_customizations_validate_against_the_solution_schemas()
        {
            using var temp = new TempSolution(copySource: false);
            var package = Package.Read(SolutionPacker.Pack(Repo.Src, temp.Zip(), PackageType.Unmanaged, Repo.AssemblyMap).ZipFile);
            var doc = XDocument.Parse(package.Customizations.ToString(), LoadOptions.SetLineInfo);
            Assert.That(Validate(doc), Is.Empty);
        }
    

        /// <summary>What ships: both zips the build writes, forms (FormXml.xsd), site map (SiteMapType.xsd), app, web resource and views included.</summary>
        [TestCase(true)]
        [TestCase(false)]
        public void Both_built_zips_validate_against_the_solution_schemas(bool managed)
        {
            var package = Package.Read(Repo.BuiltZips.Single(z => z.EndsWith("_managed.zip", StringComparison.Ordinal) == managed));
            Assert.That(package.Customizations.Root!.Elements().Select(e => e.Name.LocalName), Is.SupersetOf(new[] { "WebResources", "AppModuleSiteMaps", "AppModules" }));
            Assert.That(Validate(package.Customizations), Is.Empty);
        }

        [Test]
        public void A_packed_solution_with_steps_validates_too()
        {
            using var temp = new TempSolution();
            RegistrationTests.AddGoodSteps(temp);
            var package = Package.Read(temp.Pack().ZipFile);
            Assert.That(package.Customizations.Root!.Element("SdkMessageProcessingSteps")!.Elements(), Is.Not.Empty);
            Assert.That(Validate(package.Customizations), Is.Empty);
        }

        [Test]
        public void Validation_finds_what_the_schemas_forbid()
        {
            using var temp = new TempSolution(copySource: false);
            var package = Package.Read(SolutionPacker.Pack(Repo.Src, temp.Zip(), PackageType.Unmanaged, Repo.AssemblyMap).ZipFile);
            var doc = package.Customizations;
            doc.Descendants("RolePrivilege").First().SetAttributeValue("level", "Everywhere");
            doc.Descendants("EntityRelationship").First().Element("CascadeDelete")!.Value = "Sometimes";
            doc.Descendants("AppModule").Single().Element("ClientType")!.Value = "5";
            doc.Descendants("DisplayConditions").First().SetAttributeValue("Order", "first");
            doc.Descendants("SubArea").First().SetAttributeValue("AvailableOffline", "maybe");
            var errors = Validate(doc);
            Assert.That(errors, Has.Some.Contains("Everywhere"));
            Assert.That(errors, Has.Some.Contains("Sometimes"));
            Assert.That(errors, Has.Some.Contains("ClientType"), "the app (CustomizationsSolution.xsd)");
            Assert.That(errors, Has.Some.Contains("'Order'"), "a form (FormXml.xsd)");
            Assert.That(errors, Has.Some.Contains("'AvailableOffline'"), "the site map (SiteMapType.xsd)");
        }
    }
}
