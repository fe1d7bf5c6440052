using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Mci.Emulator.Conversion;
using Microsoft.Xrm.Sdk;

namespace Mci.Cli.Scenarios
{
    /// <summary>A team of "teams": created after the users, with its administrator, members, roles and profiles.</summary>
    internal sealed record TeamSpec(string Alias, string Name, string Administrator, IReadOnlyList<string> Members, IReadOnlyList<string> Roles, IReadOnlyList<string> Profiles)
    {
        public static TeamSpec? Read(ReadContext r, JsonElement e, string path, int index)
        {
            var o = CheckedObject.Open(r, e, path, "a team", "alias", "name", "administrator", "members", "roles", "profiles");
            if (o == null) return null;
            var alias = r.DefineAlias(o, "alias", new AliasInfo(AliasKind.Team, "team", null, path));
            var name = r.RequiredText(o, "name", r.Metadata.Table("team")?.Column("name")?.MaxLength);
            string? administrator = null;
            if (o.Get("administrator") is { } a) administrator = r.UseAlias(a, o.PathOf("administrator"), "the team's administrator", AliasKind.User);
            else r.Error(o.Path, "'administrator' is required (the alias of a user)");
            var members = new List<string>();
            if (o.Get("members") is { } m)
            {
                if (m.ValueKind != JsonValueKind.Array) r.Error(o.PathOf("members"), $"'members' must be an array of user aliases, not {ValueConverter.Describe(m)}");
                else
                {
                    var i = 0;
                    foreach (var item in m.EnumerateArray())
                    {
                        var p = $"{o.PathOf("members")}[{i++}]";
                        if (r.UseAlias(item, p, "a team member", AliasKind.User) is not { } member) continue;
                        if (members.Contains(member)) r.Error(p, $"'{member}' is listed twice");
                        else members.Add(member);
                    }
                }
            }
            var roles = r.Names(o, "roles", "security role", r.Metadata.Roles.Select(x => x.Name));
            var profiles = r.Names(o, "profiles", "field security profile", r.Metadata.FieldSecurityProfiles.Select(x => x.Name));
            return alias == null || name == null || administrator == null ? null : new TeamSpec(alias, name, administrator, members, roles, profiles);
        }

        public void SetUp(ScenarioRun run)
        {
            var id = run.Env.CreateTeam(Name, run.Reference(Administrator).Id, Members.Select(m => run.Reference(m).Id), Roles);
            foreach (var p in Profiles) run.Env.AddToFieldSecurityProfile(p, id);
            run.Remember(Alias, new EntityReference("team", id));
        }
    }
}
