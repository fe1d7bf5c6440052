using System.Xml.Linq;
using Mci.Rules;

namespace Mci.Solution.Tests
{
    /// <summary>
    /// A role's privileges are written in three places: the role's XML (what is imported), docs/roles.md (what the
    /// administrator reads) and Rules/RoleGuide.cs (which role a privilege refusal names). All three must say the same.
    /// </summary>
    public class RoleDocTests
    {
        private static readonly string[] Depths = { "Basic", "Local", "Deep", "Global" };

        /// <summary>"prvWritemci_resourcerequest:Local" for each privilege of each role in Solution/src/Roles.</summary>
        private static Dictionary<string, SortedSet<string>> FromXml()
            => Directory.EnumerateFiles(Path.Combine(Repo.Src, "Roles"), "*.xml").ToDictionary(
                f => XDocument.Load(f).Root!.Attribute("name")!.Value,
                f => new SortedSet<string>(XDocument.Load(f).Descendants("RolePrivilege").Select(p => Key(p.Attribute("name")!.Value, p.Attribute("level")!.Value)), StringComparer.Ordinal));

        private static string Key(string privilege, string depth) => privilege.ToLowerInvariant() + ":" + depth;

        private static Dictionary<string, SortedSet<string>> FromRoleGuide()
            => RoleGuide.Roles.ToDictionary(r => r.Key, r => new SortedSet<string>(r.Value.Select(p => Key(p.Name, p.Depth.ToString())), StringComparer.Ordinal));

        /// <summary>The tables of docs/roles.md: under "## {role}", rows "| `table` (label) | Create B, Read L | why |".</summary>
        private static Dictionary<string, SortedSet<string>> FromDoc()
        {
            var roles = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
            SortedSet<string>? current = null;
            foreach (var line in File.ReadAllLines(Path.Combine(Repo.Root, "docs", "roles.md")))
            {
                if (line.StartsWith("## ", StringComparison.Ordinal))
                {
                    current = new SortedSet<string>(StringComparer.Ordinal);
                    roles.Add(line[3..].Trim(), current);
                    continue;
                }
                if (current == null || !line.StartsWith("| `", StringComparison.Ordinal)) continue;
                var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
                var table = cells[0].Split('`')[1];
                foreach (var privilege in cells[1].Split(',').Select(p => p.Trim()))
                {
                    var parts = privilege.Split(' ');
                    Assert.That(parts, Has.Length.EqualTo(2), $"docs/roles.md: '{privilege}' is not 'Access Depth'");
                    var depth = Depths.SingleOrDefault(d => d[0].ToString() == parts[1]) ?? throw new AssertionException($"docs/roles.md: unknown depth '{parts[1]}' in '{privilege}'");
                    Assert.That(Enum.TryParse<PrivilegeAccess>(parts[0], out _), Is.True, $"docs/roles.md: unknown access '{parts[0]}'");
                    Assert.That(current.Add(Key("prv" + parts[0] + table, depth)), Is.True, $"docs/roles.md lists {privilege} on {table} twice");
                }
            }
            return roles;
        }

        private static void Same(Dictionary<string, SortedSet<string>> expected, Dictionary<string, SortedSet<string>> actual, string what)
        {
            Assert.That(actual.Keys, Is.EquivalentTo(expected.Keys), what + ": the roles");
            Assert.Multiple(() =>
            {
                foreach (var (role, privileges) in expected)
                {
                    if (!actual.TryGetValue(role, out var other)) continue;
                    Assert.That(other.Except(privileges), Is.Empty, $"{what}, {role}: not in the role's XML");
                    Assert.That(privileges.Except(other), Is.Empty, $"{what}, {role}: missing");
                }
            });
        }

        [Test]
        public void The_roles_document_lists_exactly_the_privileges_each_role_ships_with()
            => Same(FromXml(), FromDoc(), "docs/roles.md");

        [Test]
        public void The_roles_the_refusals_name_are_the_roles_as_shipped()
            => Same(FromXml(), FromRoleGuide(), "Rules/RoleGuide.cs");

        [Test]
        public void No_role_needs_append_to_on_support_tiers_because_routing_writes_the_tier_as_system()
            => Assert.That(FromXml().Where(r => r.Value.Any(p => p.StartsWith("prvappendtomci_supporttier", StringComparison.Ordinal))).Select(r => r.Key), Is.Empty);

        [Test]
        public void The_document_parses_what_it_should()
        {
            var doc = FromDoc();
            Assert.That(doc["MCI Seller"], Does.Contain("prvcreatemci_opportunitysplit:Basic").And.Contain("prvappendtoteam:Global"));
            Assert.That(doc.Values.Sum(v => v.Count), Is.EqualTo(FromXml().Values.Sum(v => v.Count)));
        }
    }
}
