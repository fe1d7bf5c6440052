using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Xrm.Sdk;

namespace Mci.Cli.Scenarios
{
    /// <summary>A user of "users": created before the steps with its roles, field security profiles and UI language.</summary>
    internal sealed record UserSpec(string Alias, string FullName, string? Email, IReadOnlyList<string> Roles, IReadOnlyList<string> Profiles, int LanguageCode)
    {
        /// <summary>The UI languages a scenario user may have: the product's two (English and Simplified Chinese).</summary>
        public static readonly IReadOnlyDictionary<string, int> Languages = new Dictionary<string, int>(StringComparer.Ordinal) { ["en"] = 1033, ["zh"] = 2052 };

        public static UserSpec? Read(ReadContext r, JsonElement e, string path, int index)
        {
            var o = CheckedObject.Open(r, e, path, "a user", "alias", "fullname", "email", "roles", "profiles", "language");
            if (o == null) return null;
            var alias = r.DefineAlias(o, "alias", new AliasInfo(AliasKind.User, "systemuser", null, path));
            var fullName = r.RequiredText(o, "fullname", r.Metadata.Table("systemuser")?.Column("fullname")?.MaxLength);
            var email = r.OptionalText(o, "email", r.Metadata.Table("systemuser")?.Column("internalemailaddress")?.MaxLength);
            if (email != null && !Regex.IsMatch(email, @"^[^@\s]+@[^@\s]+$")) r.Error(o.PathOf("email"), $"'{email}' is not an email address");
            var roles = r.Names(o, "roles", "security role", r.Metadata.Roles.Select(x => x.Name));
            var profiles = r.Names(o, "profiles", "field security profile", r.Metadata.FieldSecurityProfiles.Select(p => p.Name));
            var language = 1033;
            if (o.Get("language") is { } l && r.String(l, o.PathOf("language")) is { } code)
            {
                if (Languages.TryGetValue(code, out var lcid)) language = lcid;
                else r.Error(o.PathOf("language"), $"unknown language '{code}': use \"en\" (English) or \"zh\" (Simplified Chinese)");
            }
            return alias == null || fullName == null ? null : new UserSpec(alias, fullName, email, roles, profiles, language);
        }

        public void SetUp(ScenarioRun run)
        {
            var id = run.Env.CreateUser(FullName, Email, Roles, LanguageCode, fieldSecurityProfiles: Profiles);
            run.Remember(Alias, new EntityReference("systemuser", id));
            run.AddUser(this);
        }
    }
}
