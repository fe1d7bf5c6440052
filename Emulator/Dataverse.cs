using System;
using System.Collections.Generic;
using System.Linq;
using Mci.Emulator.Metadata;
using Mci.Emulator.Pipeline;
using Mci.Emulator.Recording;
using Mci.Emulator.Store;
using Microsoft.Xrm.Sdk;
using Mci.SolutionModel;

namespace Mci.Emulator
{
    /// <summary>
    /// An in-memory Dataverse environment that knows the solution's tables, roles and step registrations and
    /// runs its plug-ins through the event pipeline. Cheap to create (metadata is parsed once per process):
    /// make one per test.
    /// <code>
    /// var env = Dataverse.Load("Solution/src", "Plugins/bin/Debug/net10.0");
    /// var seller = env.CreateUser("Li Lei", "li.lei@contoso.test", new[] { "MCI Seller" }, uiLanguageId: 2052);
    /// var svc = env.Service(seller);
    /// var id = svc.Create(new Entity("opportunity") { ["name"] = "ERP roll-out" });
    /// </code>
    /// </summary>
    public sealed class Dataverse
    {
        private readonly Engine _engine;
        private Workflows.ActivityCatalog? _activities;

        private Dataverse(EnvironmentMetadata metadata, DataverseOptions options)
        {
            if (options.StepsRegisteredByHand.Count > 0)
                metadata = SolutionLoader.WithStepsRegisteredByHand(metadata, options.StepsRegisteredByHand, new Dictionary<Guid, string>(options.SdkMessages));
            var assemblyNames = metadata.PluginTypes.Select(t => t.AssemblyName).Concat(metadata.Steps.Select(s => s.AssemblyName)).Where(n => n.Length > 0);
            var catalog = new PluginCatalog(options.AssemblyPaths, options.Assemblies, new Dictionary<string, string>(options.SecureConfigurations), assemblyNames);
            _engine = new Engine(metadata, catalog, new EmulatorClock(), new Recorder(), options);
            Seed();
        }

        /// <summary>Loads the solution folder (Solution/src layout) and the built plug-in assemblies (dll paths or directories).</summary>
        public static Dataverse Load(string solutionFolder, params string[] assemblyPaths)
        {
            var options = new DataverseOptions();
            foreach (var p in assemblyPaths) options.AssemblyPaths.Add(p);
            return Load(solutionFolder, options);
        }

        public static Dataverse Load(string solutionFolder, DataverseOptions options) => new(SolutionLoader.Load(solutionFolder, new Dictionary<Guid, string>(options.SdkMessages)), options);

        public static Dataverse Load(EnvironmentMetadata metadata, DataverseOptions? options = null) => new(metadata, options ?? new DataverseOptions());

        /// <summary>An environment with the standard tables only (no solution).</summary>
        public static Dataverse Standard(DataverseOptions? options = null) => new(EnvironmentMetadata.StandardOnly(), options ?? new DataverseOptions());

        public EnvironmentMetadata Metadata => _engine.Metadata;
        public EmulatorClock Clock => _engine.Clock;
        public Recorder Recorder => _engine.Recorder;
        public Guid OrganizationId => _engine.OrganizationId;
        public Guid RootBusinessUnitId => _engine.RootBusinessUnitId;
        /// <summary>The SYSTEM user: what CreateOrganizationService(null) acts as inside a plug-in; bypasses all security.</summary>
        public Guid SystemUserId => _engine.SystemUserId;
        /// <summary>A built-in user with the System Administrator role.</summary>
        public Guid AdministratorId { get; private set; }
        public Guid BaseCurrencyId => _engine.BaseCurrencyId;

        /// <summary>The messages this environment answers (one handler each under Emulator/Messages), sorted; docs/emulator.md lists them.</summary>
        public IReadOnlyList<string> Messages => _engine.Messages.Messages;

        /// <summary>Every request name this environment answers with its handler's message: "WinOpportunity" → "Win", a custom API's
        /// unique name → "CustomApi".</summary>
        public IReadOnlyDictionary<string, string> RequestNames => _engine.Messages.RequestNames;

        /// <summary>Registered plug-in types no loaded assembly provides (their steps fail when they fire).</summary>
        public IReadOnlyList<string> MissingPluginTypes => _engine.Plugins.MissingTypes(Metadata.Steps).ToList();

        /// <summary>The organization service acting as this user (as Dataverse.Client's CallerId would).</summary>
        public IOrganizationService Service(Guid userId)
        {
            if (!_engine.Store.Exists("systemuser", userId)) throw new ArgumentException($"There is no user {userId:D} in this environment.", nameof(userId));
            return new OrganizationService(_engine, new CallSite(userId, null, userId, Guid.NewGuid()));
        }

        public IOrganizationService AdminService => Service(AdministratorId);

        public IOrganizationService SystemService => Service(SystemUserId);

        // ---------- people ----------

        /// <summary>
        /// A user (systemuser + usersettings with the UI language) holding the named security roles and field
        /// security profiles. Role and profile names are the solution's ("MCI Seller", "System Administrator").
        /// </summary>
        public Guid CreateUser(string fullName, string? email = null, IEnumerable<string>? roles = null, int uiLanguageId = 1033, Guid? businessUnitId = null, IEnumerable<string>? fieldSecurityProfiles = null)
        {
            var id = Guid.NewGuid();
            var parts = fullName.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            Insert("systemuser", id, new()
            {
                ["fullname"] = fullName,
                ["firstname"] = parts.Length > 1 ? parts[0] : null,
                ["lastname"] = parts.Length > 1 ? parts[1] : fullName,
                ["internalemailaddress"] = email,
                ["domainname"] = email ?? fullName,
                ["businessunitid"] = new EntityReference("businessunit", businessUnitId ?? RootBusinessUnitId),
                ["isdisabled"] = false,
            });
            Insert("usersettings", id, new() { ["uilanguageid"] = uiLanguageId, ["helplanguageid"] = uiLanguageId, ["localeid"] = uiLanguageId, ["timezonecode"] = 85, ["businessunitid"] = new EntityReference("businessunit", businessUnitId ?? RootBusinessUnitId) });
            AssignRoles(id, roles?.ToArray() ?? Array.Empty<string>());
            foreach (var p in fieldSecurityProfiles ?? Enumerable.Empty<string>()) AddToFieldSecurityProfile(p, id);
            return id;
        }

        /// <summary>Gives a user or a team the named security roles.</summary>
        public void AssignRoles(Guid userOrTeamId, params string[] roles)
        {
            var team = IsTeam(userOrTeamId);
            foreach (var name in roles)
            {
                var role = Metadata.Role(name) ?? throw new ArgumentException($"No security role named '{name}'. Known roles: {string.Join(", ", Metadata.Roles.Select(r => r.Name))}.");
                if (team) Intersect("teamroles", "teamid", userOrTeamId, "roleid", role.Id);
                else Intersect("systemuserroles", "systemuserid", userOrTeamId, "roleid", role.Id);
            }
        }

        /// <summary>Adds a user or team to a field security profile of the solution (profiles carry no members in a solution).</summary>
        public void AddToFieldSecurityProfile(string profileName, Guid userOrTeamId)
        {
            var profile = Metadata.FieldSecurityProfile(profileName) ?? throw new ArgumentException($"No field security profile named '{profileName}'. Known: {string.Join(", ", Metadata.FieldSecurityProfiles.Select(p => p.Name))}.");
            if (IsTeam(userOrTeamId)) Intersect("teamprofiles", "teamid", userOrTeamId, "fieldsecurityprofileid", profile.Id);
            else Intersect("systemuserprofiles", "systemuserid", userOrTeamId, "fieldsecurityprofileid", profile.Id);
        }

        /// <summary>An owner team with its administrator, members and (optionally) security roles.</summary>
        public Guid CreateTeam(string name, Guid administratorId, IEnumerable<Guid>? members = null, IEnumerable<string>? roles = null, Guid? businessUnitId = null)
        {
            if (!_engine.Store.Exists("systemuser", administratorId)) throw new ArgumentException($"The team administrator {administratorId:D} is not a user of this environment.", nameof(administratorId));
            var id = Guid.NewGuid();
            Insert("team", id, new()
            {
                ["name"] = name,
                ["administratorid"] = new EntityReference("systemuser", administratorId),
                ["businessunitid"] = new EntityReference("businessunit", businessUnitId ?? RootBusinessUnitId),
                ["teamtype"] = new OptionSetValue(0),
                ["isdefault"] = false,
            });
            AddTeamMembers(id, members?.ToArray() ?? Array.Empty<Guid>());
            AssignRoles(id, roles?.ToArray() ?? Array.Empty<string>());
            return id;
        }

        public void AddTeamMembers(Guid teamId, params Guid[] users)
        {
            foreach (var u in users)
            {
                if (!_engine.Store.Exists("systemuser", u)) throw new ArgumentException($"Team member {u:D} is not a user of this environment.", nameof(users));
                Intersect("teammembership", "systemuserid", u, "teamid", teamId);
            }
        }

        public Guid CreateBusinessUnit(string name, Guid? parentId = null)
        {
            var id = Guid.NewGuid();
            Insert("businessunit", id, new() { ["name"] = name, ["parentbusinessunitid"] = new EntityReference("businessunit", parentId ?? RootBusinessUnitId), ["isdisabled"] = false });
            return id;
        }

        private bool IsTeam(Guid id) => _engine.Store.Exists("team", id) ? true
            : _engine.Store.Exists("systemuser", id) ? false
            : throw new ArgumentException($"{id:D} is neither a user nor a team of this environment.");

        // ---------- environment variables ----------

        /// <summary>Sets the current value (an environmentvariablevalue row) of a definition the solution declares.</summary>
        public void SetEnvironmentVariable(string schemaName, string? value)
        {
            var definition = _engine.EnvironmentVariableDefinition(schemaName);
            if (definition.Row == null) throw new ArgumentException($"The solution declares no environment variable '{schemaName}'. Declared: {string.Join(", ", Metadata.EnvironmentVariables.Select(v => v.SchemaName))}.");
            var existing = _engine.Store.Rows("environmentvariablevalue").Where(r => (r.Row.GetValueOrDefault("environmentvariabledefinitionid") as EntityReference)?.Id == definition.Id).Select(r => r.Id).ToList();
            foreach (var e in existing) _engine.Store.Remove("environmentvariablevalue", e);
            if (value == null) return;
            Insert("environmentvariablevalue", Guid.NewGuid(), new()
            {
                ["schemaname"] = definition.Row["schemaname"],
                ["value"] = value,
                ["environmentvariabledefinitionid"] = new EntityReference("environmentvariabledefinition", definition.Id),
            });
        }

        /// <summary>The current value of an environment variable, else its default, else null.</summary>
        public string? GetEnvironmentVariable(string schemaName) => _engine.EnvironmentVariable(schemaName);

        // ---------- messages ----------

        /// <summary>WinOpportunity as this user (default: the administrator): the Win pipeline, then the opportunity is closed as Won.</summary>
        public void Win(Guid opportunityId, Guid? asUserId = null, int status = 3, Entity? opportunityClose = null)
        {
            var close = opportunityClose ?? new Entity("opportunityclose") { ["subject"] = "Won" };
            close["opportunityid"] = new EntityReference("opportunity", opportunityId);
            Service(asUserId ?? AdministratorId).Execute(new Microsoft.Crm.Sdk.Messages.WinOpportunityRequest { OpportunityClose = close, Status = new OptionSetValue(status) });
        }

        /// <summary>LoseOpportunity as this user (default: the administrator): the Lose pipeline, then the opportunity is closed as
        /// Lost with <paramref name="status"/> (4 Canceled, 5 Out-Sold).</summary>
        public void Lose(Guid opportunityId, Guid? asUserId = null, int status = 4, Entity? opportunityClose = null)
        {
            var close = opportunityClose ?? new Entity("opportunityclose") { ["subject"] = "Lost" };
            close["opportunityid"] = new EntityReference("opportunity", opportunityId);
            Service(asUserId ?? AdministratorId).Execute(new Microsoft.Crm.Sdk.Messages.LoseOpportunityRequest { OpportunityClose = close, Status = new OptionSetValue(status) });
        }

        /// <summary>
        /// Runs callers' work interleaved, deterministically, on threads of their own: transactions hold row write locks
        /// until they end, so a second writer of a row waits for the first (<see cref="Concurrency.Interleaving"/>).
        /// </summary>
        public Concurrency.Interleaving Interleave() => new(_engine.Store);

        /// <summary>Runs the asynchronous steps queued by committed operations, and those they queue, until none is left.</summary>
        public IReadOnlyList<AsyncJob> DrainAsync() => _engine.DrainAsync(_engine.Options.AsyncJobLimit);

        public int PendingAsyncJobs => _engine.QueuedAsync;

        /// <summary>Every async job run so far, with its outcome (a failed async step does not fail the operation that queued it).</summary>
        public IReadOnlyList<AsyncJob> AsyncJobs => _engine.AsyncHistory;

        /// <summary>The custom workflow activities of the loaded assemblies, with their arguments.</summary>
        public Workflows.ActivityCatalog Activities => _activities ??= new Workflows.ActivityCatalog(_engine.Plugins.Assemblies);

        /// <summary>
        /// Runs a custom workflow activity by class name (full or short) with the given inputs, as the given user
        /// (default: the administrator), for the given primary record; returns its output arguments. Inputs are
        /// converted strictly (<see cref="Conversion.ValueConverter"/>): values of the argument's type, or JSON-like
        /// loose values (numbers, ISO dates, choice labels), or a Guid for a lookup argument that names its table.
        /// </summary>

        public IDictionary<string, object?> RunWorkflowActivity(string typeName, IDictionary<string, object?>? inputs = null, Guid? asUserId = null, EntityReference? primaryEntity = null) =>
            Workflows.WorkflowRunner.Run(_engine, Activities, typeName, inputs ?? new Dictionary<string, object?>(), asUserId ?? AdministratorId, primaryEntity);

        // ---------- looking at the store (no security, no pipeline, not recorded) ----------

        /// <summary>A copy of every row, to compare before and after an operation.</summary>
        public StoreSnapshot Snapshot() => _engine.Store.Snapshot();

        public int Count(string table)
        {
            _engine.Table(table);
            return _engine.Store.Count(table);
        }

        /// <summary>The stored row with all its columns, or null (for assertions: no security, no pipeline).</summary>
        public Entity? Peek(string table, Guid id)
        {
            var row = _engine.Store.Get(_engine.Table(table).LogicalName, id);
            if (row == null) return null;
            var e = new Entity(table, id);
            foreach (var (k, v) in row) if (v != null) e[k] = _engine.WithName(Values.Copy(v));
            return e;
        }

        /// <summary>The shares of a record (its principalobjectaccess rows), in the order they were made: for assertions.</summary>
        public IReadOnlyList<Security.Share> Shares(string table, Guid id)
        {
            _engine.Table(table);
            return _engine.Shares.Of(id).Where(s => s.Table == table).ToList();
        }

        /// <summary>Every stored row of a table (for assertions).</summary>
        public IReadOnlyList<Entity> All(string table) => _engine.Store.Rows(_engine.Table(table).LogicalName).Select(r => Peek(table, r.Id)!).ToList();

        /// <summary>
        /// Writes rows straight into the store, as a bulk data load with plug-ins turned off would: no pipeline, no security,
        /// not recorded; columns are validated and an active state is given where the table has one. For test data too large
        /// to create through the pipeline (thousands of rows to page through).
        /// </summary>
        public IReadOnlyList<Guid> Seed(IEnumerable<Entity> rows)
        {
            var ids = new List<Guid>();
            foreach (var row in rows)
            {
                var table = _engine.Table(row.LogicalName);
                var id = row.Id == Guid.Empty ? Guid.NewGuid() : row.Id;
                var values = row.Attributes.ToDictionary(a => a.Key, a => (object?)a.Value);
                if (table.Column("statecode") != null && !values.ContainsKey("statecode")) values["statecode"] = new OptionSetValue(0);
                if (table.Column("statuscode") != null && !values.ContainsKey("statuscode")) values["statuscode"] = new OptionSetValue(1);
                Insert(table.LogicalName, id, values);
                ids.Add(id);
            }
            return ids;
        }

        // ---------- seeding ----------

        private void Seed()
        {
            var unit = Guid.NewGuid();
            _engine.RootBusinessUnitId = unit;
            _engine.SystemUserId = Guid.NewGuid();
            Insert("businessunit", unit, new() { ["name"] = _engine.Options.OrganizationName, ["isdisabled"] = false });
            Insert("systemuser", _engine.SystemUserId, new() { ["fullname"] = "SYSTEM", ["lastname"] = "SYSTEM", ["domainname"] = "SYSTEM", ["businessunitid"] = new EntityReference("businessunit", unit), ["isdisabled"] = false });
            Insert("usersettings", _engine.SystemUserId, new() { ["uilanguageid"] = 1033, ["businessunitid"] = new EntityReference("businessunit", unit) });
            _engine.BaseCurrencyId = Guid.NewGuid();
            Insert("transactioncurrency", _engine.BaseCurrencyId, new() { ["currencyname"] = "US Dollar", ["isocurrencycode"] = "USD", ["currencysymbol"] = "$", ["exchangerate"] = 1m, ["currencyprecision"] = 2, ["statecode"] = new OptionSetValue(0), ["statuscode"] = new OptionSetValue(1) });
            foreach (var role in Metadata.Roles)
                Insert("role", role.Id, new() { ["name"] = role.Name, ["businessunitid"] = new EntityReference("businessunit", unit) });
            foreach (var profile in Metadata.FieldSecurityProfiles)
                Insert("fieldsecurityprofile", profile.Id, new() { ["name"] = profile.Name });
            foreach (var v in Metadata.EnvironmentVariables)
                Insert("environmentvariabledefinition", SolutionLoader.DeterministicGuid("envvar:" + v.SchemaName), new()
                {
                    ["schemaname"] = v.SchemaName,
                    ["displayname"] = v.DisplayNames.Best(1033, v.SchemaName),
                    ["defaultvalue"] = v.DefaultValue,
                    ["type"] = new OptionSetValue((int)v.Type),
                    ["statecode"] = new OptionSetValue(0),
                    ["statuscode"] = new OptionSetValue(1),
                });
            AdministratorId = CreateUser("Dataverse Administrator", "admin@mci.test", new[] { "System Administrator" });
        }

        /// <summary>Writes a setup row directly (no pipeline), with the columns Dataverse would maintain.</summary>
        private void Insert(string table, Guid id, Dictionary<string, object?> values)
        {
            var metadata = _engine.Table(table);
            var row = new Dictionary<string, object?>(StringComparer.Ordinal) { [metadata.PrimaryIdAttribute] = id };
            foreach (var (k, v) in values)
            {
                var column = metadata.Column(k) ?? throw new InvalidOperationException($"Setup wrote an unknown column {table}.{k}.");
                row[k] = v == null ? null : _engine.Validator.Normalize(metadata, column, v);
            }
            var system = new EntityReference("systemuser", _engine.SystemUserId == Guid.Empty ? id : _engine.SystemUserId);
            void Set(string column, object value)
            {
                if (metadata.Column(column) != null && !row.ContainsKey(column)) row[column] = value;
            }
            Set("createdon", Clock.UtcNow);
            Set("modifiedon", Clock.UtcNow);
            Set("createdby", system);
            Set("modifiedby", system);
            if (metadata.Ownership == TableOwnership.UserOwned)
            {
                Set("ownerid", system);
                Set("owninguser", system);
                Set("owningbusinessunit", new EntityReference("businessunit", RootBusinessUnitId));
            }
            _engine.Store.Insert(table, id, row);
        }

        private void Intersect(string table, string firstColumn, Guid first, string secondColumn, Guid second)
        {
            if (_engine.Store.Rows(table).Any(r => Equals(r.Row.GetValueOrDefault(firstColumn), first) && Equals(r.Row.GetValueOrDefault(secondColumn), second))) return;
            Insert(table, Guid.NewGuid(), new() { [firstColumn] = first, [secondColumn] = second });
        }
    }
}
