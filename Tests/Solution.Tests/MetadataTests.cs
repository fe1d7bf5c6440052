using System.Reflection;
using System.Xml.Linq;
using Mci.SolutionModel;
using Mci.Packaging.Registration;

namespace Mci.Solution.Tests
{
    /// <summary>Every label and description of the solution is given in English (1033) and Simplified Chinese (2052).</summary>
    public class LabelTests
    {
        // Elements that hold one localized text per language, and the element name of each entry.
        private static readonly Dictionary<string, string> Containers = new()
        {
            ["displaynames"] = "displayname", ["Descriptions"] = "Description", ["labels"] = "label",
            ["LocalizedNames"] = "LocalizedName", ["LocalizedCollectionNames"] = "LocalizedCollectionName",
            ["displayname"] = "label", ["description"] = "label", // environment variable definitions
        };

        /// <summary>The containers of a document that lack a non-empty 1033 or 2052 entry.</summary>
        internal static IEnumerable<string> MissingLanguages(XDocument doc) =>
            from e in doc.Descendants()
            where Containers.TryGetValue(e.Name.LocalName, out var item) && (e.Name.LocalName is not ("displayname" or "description") || e.Parent?.Name.LocalName == "environmentvariabledefinition")
            let item = Containers[e.Name.LocalName]
            from lcid in new[] { "1033", "2052" }
            where !e.Elements(item).Any(x => (string?)x.Attribute("languagecode") == lcid && !string.IsNullOrWhiteSpace((string?)x.Attribute("description")))
            select $"<{e.Parent?.Name.LocalName}>/<{e.Name.LocalName}> has no {lcid} text (line {((System.Xml.IXmlLineInfo)e).LineNumber})";

        [Test]
        public void Every_label_and_description_has_English_and_Chinese()
        {
            var problems = Repo.XmlFiles(Repo.Src)
                .SelectMany(f => MissingLanguages(XDocument.Load(f, LoadOptions.SetLineInfo)).Select(p => $"{Path.GetRelativePath(Repo.Src, f)}: {p}"))
                .ToList();
            Assert.That(problems, Is.Empty);
        }

        [Test]
        public void The_label_check_finds_a_missing_language()
        {
            var doc = XDocument.Parse("<attribute><displaynames><displayname description=\"Name\" languagecode=\"1033\" /><displayname description=\" \" languagecode=\"2052\" /></displaynames></attribute>", LoadOptions.SetLineInfo);
            Assert.That(MissingLanguages(doc).Single(), Does.Contain("2052"));
        }

        [Test]
        public void Every_xml_file_is_well_formed()
        {
            foreach (var file in Repo.XmlFiles(Repo.Src))
            {
                Assert.DoesNotThrow(() => XDocument.Load(file), file);
            }
        }
    }

    /// <summary>Plugins/Common/Schema.cs (the names code uses) and Solution/src (what Dataverse gets) cannot drift apart.</summary>
    public class SchemaContractTests
    {
        // Which choice each *Value class holds: a global choice, or entity.column for local ones.
        private static readonly Dictionary<string, (string? Entity, string Column)> ChoiceOf = new()
        {
            ["SalesModeValue"] = (null, "mci_salesmode"), ["ComplexityValue"] = (null, "mci_complexity"), ["PresalesModelValue"] = (null, "mci_presalesmodel"),
            ["AllocationStatusValue"] = ("opportunity", "mci_allocationstatus"), ["TierLevelValue"] = ("mci_supporttier", "mci_level"),
            ["PartnerTypeValue"] = ("mci_partner", "mci_partnertype"), ["PartnerRoleValue"] = ("mci_opportunitypartner", "mci_role"),
            ["ExceptionStatusValue"] = ("mci_opportunitypartner", "mci_exceptionstatus"), ["SplitTypeValue"] = ("mci_opportunitysplit", "mci_splittype"),
            ["MinutesStatusValue"] = ("mci_allocationminutes", "mci_status"), ["ResourceRoleValue"] = ("mci_resourcerequest", "mci_role"),
            ["ResourceStatusValue"] = ("mci_resourcerequest", "mci_status"),
        };

        private static List<(string Class, string Field, object Value)> Constants()
        {
            var path = Repo.Net10("MciDataverse.Plugins");
            var resolver = new PathAssemblyResolver(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.dll")
                .Concat(Directory.GetFiles(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")));
            using var context = new MetadataLoadContext(resolver);
            return context.LoadFromAssemblyPath(path).GetTypes()
                .Where(t => t.Namespace == "Mci.Plugins.Common" && t.IsAbstract && t.IsSealed)
                .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (t.Name, f.Name, f.GetRawConstantValue()!)))
                .ToList();
        }

        [Test]
        public void Every_table_and_column_constant_exists_in_the_solution()
        {
            var constants = Constants();
            Assert.That(constants, Is.Not.Empty, "no constants found in Mci.Plugins.Common");
            var problems = new List<string>();
            foreach (var group in constants.Where(c => c.Value is string).GroupBy(c => c.Class))
            {
                if (group.Key is "EnvironmentVariables" or "SecurityRoles") continue;
                var table = (string?)group.SingleOrDefault(c => c.Field == "EntityName").Value;
                if (table == null) { problems.Add($"{group.Key} has no EntityName"); continue; }
                var columns = RegistrationChecker.Columns(Repo.Metadata, table);
                if (columns == null) { problems.Add($"{group.Key}.EntityName {table} is not a table of the solution"); continue; }
                problems.AddRange(group.Where(c => c.Field != "EntityName" && !columns.Contains((string)c.Value)).Select(c => $"{group.Key}.{c.Field} = {c.Value} is not a column of {table}"));
            }
            Assert.That(problems, Is.Empty);
        }

        [Test]
        public void Every_custom_column_of_the_solution_has_a_constant()
        {
            var names = Constants().Where(c => c.Value is string).Select(c => (string)c.Value).ToHashSet();
            var missing = Repo.Metadata.Tables.SelectMany(e => e.Columns.Values.Where(a => a.IsCustom && !a.LogicalName.EndsWith("_base", StringComparison.Ordinal))
                .Where(a => !names.Contains(a.LogicalName)).Select(a => $"{e.LogicalName}.{a.LogicalName}"));
            Assert.That(missing, Is.Empty);
        }

        [Test]
        public void Every_choice_constant_is_an_option_of_its_column_with_the_matching_label()
        {
            var problems = new List<string>();
            foreach (var group in Constants().Where(c => c.Value is int).GroupBy(c => c.Class))
            {
                if (!ChoiceOf.TryGetValue(group.Key, out var choice)) { problems.Add($"{group.Key}: say which choice it holds in {nameof(ChoiceOf)}"); continue; }
                var options = choice.Entity == null ? Repo.Metadata.GlobalChoice(choice.Column)!.Options : Repo.Metadata.Table(choice.Entity)!.Columns[choice.Column].Options;
                foreach (var (_, field, value) in group)
                {
                    var option = options.SingleOrDefault(o => o.Value == (int)value);
                    if (option == null) problems.Add($"{group.Key}.{field} = {value} is not an option of {choice.Column}");
                    else if (!string.Equals(option.Labels[1033].Replace(" ", ""), field, StringComparison.OrdinalIgnoreCase)) problems.Add($"{group.Key}.{field} = {value} is labelled '{option.Labels[1033]}'");
                }
                if (group.Count() != options.Count) problems.Add($"{group.Key} has {group.Count()} values, {choice.Column} has {options.Count} options");
            }
            Assert.That(problems, Is.Empty);
        }

        [Test]
        public void Environment_variables_and_roles_named_in_code_exist()
        {
            var constants = Constants();
            var vars = constants.Where(c => c.Class == "EnvironmentVariables").Select(c => (string)c.Value);
            Assert.That(vars, Is.EquivalentTo(Repo.Metadata.EnvironmentVariables.Select(v => v.SchemaName)));
            var roles = constants.Where(c => c.Class == "SecurityRoles").Select(c => (string)c.Value).Where(r => r != "System Administrator");
            Assert.That(roles, Is.EquivalentTo(Repo.Metadata.Roles.Select(r => r.Name)));
        }

        [Test]
        public void Choice_values_use_the_publisher_option_prefix_in_spec_order()
        {
            foreach (var attribute in Repo.Metadata.Tables.SelectMany(e => e.Columns.Values).Where(a => a.TypeName == "picklist"))
            {
                Assert.That(attribute.Options.Select(o => o.Value), Is.EqualTo(Enumerable.Range(613000000, attribute.Options.Count)), attribute.LogicalName);
            }
        }
    }
}
