using System;
using System.Collections.Generic;
using System.Linq;
using Mci.Emulator.Metadata;
using Mci.Emulator.Security;
using Mci.Emulator.Store;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Mci.SolutionModel;

namespace Mci.Emulator.Pipeline
{
    internal sealed partial class Engine
    {
        /// <summary>Columns the platform maintains: values a caller sends for them are replaced.</summary>
        private static readonly HashSet<string> PlatformColumns = new(StringComparer.Ordinal)
        {
            "createdon", "createdby", "modifiedon", "modifiedby", "createdonbehalfby", "modifiedonbehalfby",
            "owninguser", "owningteam", "owningbusinessunit", "versionnumber", "timezoneruleversionnumber", "utcconversiontimezonecode", "importsequencenumber", "overriddencreatedon",
        };

        // ---------- Create / CreateMultiple ----------

        private OrganizationResponse Create(OrganizationRequest request, CallSite site)
        {
            var target = request.Parameters.TryGetValue("Target", out var t) ? t as Entity : null;
            if (target == null) throw Faults.InvalidArgument("Create: the Target entity is required.");
            var id = CreateOne(target, site, request.Parameters);
            var response = new CreateResponse { ResponseName = "Create" };
            response.Results["id"] = id;
            return response;
        }

        /// <summary>Creates one record through the pipeline (also used for records the platform creates, like opportunityclose).</summary>
        internal Guid CreateOne(Entity target, CallSite site, ParameterCollection? parameters = null)
        {
            var table = Table(target.LogicalName);
            var item = PrepareCreate(table, target);
            var op = SingleRecord("Create", table, item, site, parameters);
            Run(op, () => CreateMain(op, table, item), () => AddCreateColumns(op, table, item));
            return item.Id;
        }

        /// <summary>A Create or Update of one record: the operation's parameters are the record's own (Target plus the request's others).</summary>
        private Operation SingleRecord(string message, TableDefinition table, OperationItem item, CallSite site, ParameterCollection? parameters)
        {
            if (parameters != null) foreach (var kv in parameters) if (kv.Key != "Target") item.Input[kv.Key] = kv.Value;
            var op = new Operation(message, table.LogicalName, site, site.Depth, Clock.UtcNow) { PrimaryId = item.Id, Input = item.Input, Output = item.Output };
            op.Items.Add(item);
            return op;
        }

        private OrganizationResponse CreateMultiple(OrganizationRequest request, CallSite site)
        {
            var (table, targets) = Targets(request, "CreateMultiple");
            var op = new Operation("CreateMultiple", table.LogicalName, site, site.Depth, Clock.UtcNow);
            op.Items.AddRange(targets.Select(t => PrepareCreate(table, t)));
            op.Input["Targets"] = new EntityCollection(op.Targets.ToList()) { EntityName = table.LogicalName };
            RunBulk(op, item => AddCreateColumns(op, table, item), item => CreateMain(op, table, item), () => op.Output["Ids"] = op.Items.Select(i => i.Id).ToArray());
            var response = new CreateMultipleResponse { ResponseName = "CreateMultiple" };
            response.Results["Ids"] = op.Output["Ids"];
            return response;
        }

        private (TableDefinition Table, List<Entity> Targets) Targets(OrganizationRequest request, string message)
        {
            var collection = request.Parameters.TryGetValue("Targets", out var t) ? t as EntityCollection : null;
            if (collection == null || collection.Entities.Count == 0) throw Faults.InvalidArgument($"{message}: Targets must contain at least one entity.");
            var name = collection.EntityName ?? collection.Entities[0].LogicalName;
            if (collection.Entities.Any(e => e.LogicalName != name))
                throw Faults.InvalidArgument($"{message}: every entity in Targets must be of the same table ('{name}').");
            return (Table(name), collection.Entities.ToList());
        }

        private OperationItem PrepareCreate(TableDefinition table, Entity target)
        {
            var copy = Values.CopyEntity(target);
            var id = copy.Id;
            if (copy.Attributes.TryGetValue(table.PrimaryIdAttribute, out var pk) && pk is Guid g && g != Guid.Empty)
            {
                if (id != Guid.Empty && id != g) throw Faults.InvalidArgument($"Entity Id ({id:D}) and {table.PrimaryIdAttribute} ({g:D}) differ.");
                id = g;
            }
            if (id == Guid.Empty) id = Guid.NewGuid();
            // Dataverse adds the default of yes/no columns before PreValidation.
            foreach (var c in table.Columns.Values.Where(c => c.DefaultBoolean.HasValue && !copy.Contains(c.LogicalName)))
                copy[c.LogicalName] = c.DefaultBoolean!.Value;
            var item = new OperationItem { Id = id, Target = copy };
            item.Input["Target"] = copy;
            return item;
        }

        /// <summary>What Dataverse adds to a Create's Target before PreOperation: the id, audit columns, owner, state and currency.</summary>
        private void AddCreateColumns(Operation op, TableDefinition table, OperationItem item)
        {
            var t = item.Target!;
            t.Id = item.Id;
            t[table.PrimaryIdAttribute] = item.Id;
            var user = new EntityReference("systemuser", op.Site.UserId);
            void Set(string column, object value)
            {
                if (table.Column(column) != null) t[column] = value;
            }
            Set("createdon", op.CreatedOn);
            Set("createdby", user);
            Set("modifiedon", op.CreatedOn);
            Set("modifiedby", user);
            if (table.Ownership == TableOwnership.UserOwned && t.GetAttributeValue<EntityReference>("ownerid") == null) t["ownerid"] = user;
            if (table.Column("statecode") != null && !t.Contains("statecode") && !t.Contains("statuscode")) t["statecode"] = new OptionSetValue(0);
            if (table.Column("transactioncurrencyid") != null && !t.Contains("transactioncurrencyid") && table.Columns.Values.Any(c => c.Type == ColumnType.Money))
                t["transactioncurrencyid"] = new EntityReference("transactioncurrency", BaseCurrencyId);
            if (table.Ownership == TableOwnership.UserOwned && t.GetAttributeValue<EntityReference>("ownerid") is { } owner && Store.Exists(owner.LogicalName, owner.Id))
                foreach (var kv in OwningColumns(owner)) t[kv.Key] = kv.Value;
        }

        private void CreateMain(Operation op, TableDefinition table, OperationItem item)
        {
            var principal = Principal(op.Site.UserId);
            var t = item.Target!;
            var depth = principal.IsSystem ? PrivilegeLevel.Global : Security.Require(principal, PrivilegeAccess.Create, table.LogicalName, "Create");
            var row = BuildRow(table, t, item.Id, existing: null, op);
            if (Store.Exists(table.LogicalName, item.Id)) throw Faults.Create(ErrorCodes.DuplicateRecord, "Cannot insert duplicate key.");
            if (!principal.IsSystem)
            {
                if (!Security.Reaches(principal, depth, table.LogicalName, item.Id, row))
                    throw Faults.Create(ErrorCodes.AccessDenied, $"Principal with ID {principal.UserId:D} does not have CreateAccess right(s) for record with ID {item.Id:D} of entity {table.LogicalName}.");
                CheckAppend(principal, table, item.Id, row, t, "Create");
                Security.RequireColumnWrite(principal, table.LogicalName, t.Attributes.Where(a => a.Value != null).Select(a => a.Key), create: true);
            }
            foreach (var c in table.Columns.Values.Where(c => IsRequiredOnCreate(c) && row.GetValueOrDefault(c.LogicalName) == null))
                throw Faults.InvalidArgument($"Attribute '{c.LogicalName}' of entity '{table.LogicalName}' is required and was not provided.");
            row["versionnumber"] = NextVersion();
            Store.Insert(table.LogicalName, item.Id, row);
            item.After = Store.Get(table.LogicalName, item.Id);
            item.Output["id"] = item.Id;
        }

        private bool IsRequiredOnCreate(ColumnDefinition c) =>
            c.ValidForCreate && !PlatformColumns.Contains(c.LogicalName) && c.Type is not (ColumnType.PrimaryKey or ColumnType.State or ColumnType.Status or ColumnType.Owner)
            && (c.RequiredLevel == RequiredLevel.SystemRequired || (Options.EnforceBusinessRequired && c.RequiredLevel == RequiredLevel.ApplicationRequired));

        // ---------- Update / UpdateMultiple ----------

        private OrganizationResponse Update(OrganizationRequest request, CallSite site)
        {
            var target = request.Parameters.TryGetValue("Target", out var t) ? t as Entity : null;
            if (target == null) throw Faults.InvalidArgument("Update: the Target entity is required.");
            UpdateOne(target, site, request.Parameters);
            return new UpdateResponse { ResponseName = "Update" };
        }

        internal void UpdateOne(Entity target, CallSite site, ParameterCollection? parameters = null)
        {
            var table = Table(target.LogicalName);
            var item = PrepareUpdate(table, target, site);
            var op = SingleRecord("Update", table, item, site, parameters);
            Run(op, () => UpdateMain(op, table, item), () => AddUpdateColumns(op, table, item));
        }

        private OrganizationResponse UpdateMultiple(OrganizationRequest request, CallSite site)
        {
            var (table, targets) = Targets(request, "UpdateMultiple");
            var op = new Operation("UpdateMultiple", table.LogicalName, site, site.Depth, Clock.UtcNow);
            op.Items.AddRange(targets.Select(t => PrepareUpdate(table, t, site)));
            if (op.Items.Select(i => i.Id).Distinct().Count() != op.Items.Count) throw Faults.InvalidArgument("UpdateMultiple: Targets contains the same record more than once.");
            op.Input["Targets"] = new EntityCollection(op.Targets.ToList()) { EntityName = table.LogicalName };
            RunBulk(op, item => AddUpdateColumns(op, table, item), item => UpdateMain(op, table, item), () => { });
            return new UpdateMultipleResponse { ResponseName = "UpdateMultiple" };
        }

        private OperationItem PrepareUpdate(TableDefinition table, Entity target, CallSite site)
        {
            var copy = Values.CopyEntity(target);
            var id = copy.Id;
            if (copy.Attributes.TryGetValue(table.PrimaryIdAttribute, out var pk) && pk is Guid g && g != Guid.Empty)
            {
                if (id != Guid.Empty && id != g) throw Faults.InvalidArgument($"Entity Id ({id:D}) and {table.PrimaryIdAttribute} ({g:D}) differ.");
                id = g;
            }
            if (id == Guid.Empty) throw Faults.InvalidArgument($"Entity Id must be specified for Update ({table.LogicalName}).");
            var existing = Store.Get(table.LogicalName, id) ?? throw Faults.DoesNotExist(table.LogicalName, id);
            copy.Id = id;
            RefuseClosingByUpdate(table, copy, site);
            var item = new OperationItem { Id = id, Target = copy, Before = new Dictionary<string, object?>(existing, StringComparer.Ordinal) };
            item.Input["Target"] = copy;
            return item;
        }

        /// <summary>
        /// Dataverse closes an opportunity only through its own messages (Win, Lose), never through Update, UpdateMultiple
        /// or Upsert: an update that would set it Won or Lost is refused before any Update plug-in runs. The update Win's own
        /// main operation makes is the one that may.
        /// </summary>
        private static void RefuseClosingByUpdate(TableDefinition table, Entity target, CallSite site)
        {
            if (table.LogicalName != "opportunity" || site.Parent is { Stage: (int)PipelineStage.MainOperation, MessageName: "Win" }) return;
            int? state = (target.Attributes.TryGetValue("statecode", out var sc) ? sc as OptionSetValue : null)?.Value;
            if (state == null && target.Attributes.TryGetValue("statuscode", out var st) && st is OptionSetValue status)
                state = table.Column("statuscode")?.Choice?.Find(status.Value)?.State;
            var (name, request) = state switch { 1 => ("Won", "WinOpportunityRequest"), 2 => ("Lost", "LostOpportunityRequest"), _ => (null, null) };
            if (name == null) return;
            throw Faults.InvalidArgument($"This message can not be used to set the state of opportunity to {name}. In order to set the state of opportunity to {name}, use the {request} message instead.");
        }

        private static void AddUpdateColumns(Operation op, TableDefinition table, OperationItem item)
        {
            if (table.Column("modifiedon") != null) item.Target!["modifiedon"] = op.CreatedOn;
            if (table.Column("modifiedby") != null) item.Target!["modifiedby"] = new EntityReference("systemuser", op.Site.UserId);
        }

        private void UpdateMain(Operation op, TableDefinition table, OperationItem item)
        {
            var existing = Store.Get(table.LogicalName, item.Id) ?? throw Faults.DoesNotExist(table.LogicalName, item.Id);
            var principal = Principal(op.Site.UserId);
            var t = item.Target!;
            RequireRowVersion(item.Input, t.RowVersion, existing);
            if (!principal.IsSystem) Security.RequireAccess(principal, PrivilegeAccess.Write, table.LogicalName, item.Id, existing, "Update");
            var changes = BuildRow(table, t, item.Id, existing, op);
            if (!principal.IsSystem)
            {
                if (changes.TryGetValue("ownerid", out var owner) && !Values.Same(owner, existing.GetValueOrDefault("ownerid")))
                    Security.RequireAccess(principal, PrivilegeAccess.Assign, table.LogicalName, item.Id, existing, "Update");
                CheckAppend(principal, table, item.Id, existing, t, "Update");
                Security.RequireColumnWrite(principal, table.LogicalName, t.Attributes.Select(a => a.Key), create: false);
            }
            changes["modifiedon"] = op.CreatedOn;
            changes["modifiedby"] = new EntityReference("systemuser", op.Site.UserId);
            changes["versionnumber"] = NextVersion();
            Store.Write(table.LogicalName, item.Id, changes.Where(c => table.Column(c.Key) != null));
            item.After = Store.Get(table.LogicalName, item.Id);
        }

        /// <summary>Optimistic concurrency: ConcurrencyBehavior.IfRowVersionMatches needs the caller's RowVersion to be the stored one.</summary>
        private static void RequireRowVersion(ParameterCollection input, string? rowVersion, IReadOnlyDictionary<string, object?> existing)
        {
            if (!input.TryGetValue("ConcurrencyBehavior", out var b) || b is not ConcurrencyBehavior.IfRowVersionMatches) return;
            var current = (existing.GetValueOrDefault("versionnumber") as long?)?.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (string.IsNullOrEmpty(rowVersion)) throw Faults.InvalidArgument("ConcurrencyBehavior IfRowVersionMatches needs the RowVersion of the record.");
            if (rowVersion != current) throw Faults.Create(ErrorCodes.ConcurrencyVersionMismatch, "The version of the existing record doesn't match the RowVersion property provided.");
        }

        // ---------- Upsert ----------

        private OrganizationResponse Upsert(OrganizationRequest request, CallSite site)
        {
            var target = request.Parameters.TryGetValue("Target", out var t) ? t as Entity : null;
            if (target == null) throw Faults.InvalidArgument("Upsert: the Target entity is required.");
            if (target.KeyAttributes.Count > 0) throw new NotSupportedException("Upsert with alternate keys (KeyAttributes) is not emulated; give the record id.");
            var table = Table(target.LogicalName);
            var op = new Operation("Upsert", table.LogicalName, site, site.Depth, Clock.UtcNow);
            var copy = Values.CopyEntity(target);
            op.PrimaryId = copy.Id != Guid.Empty ? copy.Id : copy.GetAttributeValue<Guid?>(table.PrimaryIdAttribute) ?? Guid.Empty;
            op.Input["Target"] = copy;
            var created = false;
            Run(op, () =>
            {
                var inner = Internal(op);
                created = op.PrimaryId == Guid.Empty || !Store.Exists(table.LogicalName, op.PrimaryId);
                var id = created ? CreateOne(copy, inner) : op.PrimaryId;
                if (!created) UpdateOne(copy, inner);
                op.Output["RecordCreated"] = created;
                op.Output["Target"] = new EntityReference(table.LogicalName, id);
            });
            var response = new UpsertResponse { ResponseName = "Upsert" };
            response.Results["RecordCreated"] = op.Output["RecordCreated"];
            response.Results["Target"] = op.Output["Target"];
            return response;
        }

        /// <summary>The call site of operations the platform runs on behalf of another (same user and depth).</summary>
        private CallSite Internal(Operation op)
        {
            op.InternalParent ??= new ExecutionContext
            {
                MessageName = op.Message, PrimaryEntityName = op.Table ?? "none", PrimaryEntityId = op.PrimaryId, Stage = (int)PipelineStage.MainOperation,
                Depth = op.Depth, InputParameters = op.Input, OutputParameters = op.Output, SharedVariables = op.Shared, ParentContext = PreValidationContext(op),
                UserId = op.Site.UserId, InitiatingUserId = op.Site.InitiatingUserId, OrganizationId = OrganizationId, OrganizationName = Options.OrganizationName,
                CorrelationId = op.Site.CorrelationId, OperationId = op.OperationId, OperationCreatedOn = op.CreatedOn, IsInTransaction = true,
                PluginType = op.Site.Parent?.PluginType, StepName = op.Site.Parent?.StepName,
            };
            return new CallSite(op.Site.UserId, op.InternalParent, op.Site.InitiatingUserId, op.Site.CorrelationId, depth: op.Depth);
        }

        // ---------- rows ----------

        private long _version = 1000;

        private long NextVersion() => ++_version;

        /// <summary>
        /// The stored values for a Create (existing == null) or the changed values for an Update, validated column
        /// by column. Platform columns are set here, not taken from the caller.
        /// </summary>
        private Dictionary<string, object?> BuildRow(TableDefinition table, Entity target, Guid id, IReadOnlyDictionary<string, object?>? existing, Operation op)
        {
            var create = existing == null;
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (name, value) in target.Attributes)
            {
                var column = table.Column(name) ?? throw Faults.UnknownColumn(table.LogicalName, name);
                if (PlatformColumns.Contains(name) || column.LogicalName.EndsWith("_base", StringComparison.Ordinal) && column.Type == ColumnType.Money && !column.ValidForCreate) continue;
                if (column.Type == ColumnType.PrimaryKey)
                {
                    if (value is Guid g && g == id) continue;
                    throw Faults.InvalidArgument($"The primary key {name} ({Values.Describe(value)}) does not match the record id {id:D}.");
                }
                var stateColumn = column.Type is ColumnType.State or ColumnType.Status;
                if (!stateColumn && (create ? !column.ValidForCreate : !column.ValidForUpdate))
                    throw Faults.InvalidArgument($"Attribute '{name}' of entity '{table.LogicalName}' cannot be set on {(create ? "Create" : "Update")}.");
                row[name] = Validator.Normalize(table, column, value);
            }
            if (create)
            {
                row[table.PrimaryIdAttribute] = id;
                if (table.Column("createdon") != null) row["createdon"] = op.CreatedOn;
                if (table.Column("createdby") != null) row["createdby"] = new EntityReference("systemuser", op.Site.UserId);
                if (table.Column("modifiedon") != null) row["modifiedon"] = op.CreatedOn;
                if (table.Column("modifiedby") != null) row["modifiedby"] = new EntityReference("systemuser", op.Site.UserId);
                foreach (var c in table.Columns.Values.Where(c => c.DefaultBoolean.HasValue && !row.ContainsKey(c.LogicalName))) row[c.LogicalName] = c.DefaultBoolean!.Value;
            }
            if (row.TryGetValue("ownerid", out var o) && o is EntityReference owner)
                foreach (var kv in OwningColumns(owner)) row[kv.Key] = kv.Value;
            StateAndStatus(table, id, row, existing);
            foreach (var money in row.Where(r => r.Value is Money or null && table.Column(r.Key)?.Type == ColumnType.Money).ToList())
                if (table.Column(money.Key + "_base") != null) row[money.Key + "_base"] = Values.Copy(money.Value);
            return row;
        }

        private Dictionary<string, object?> OwningColumns(EntityReference owner)
        {
            var ownerRow = Store.Get(owner.LogicalName, owner.Id) ?? throw Faults.DoesNotExist(owner.LogicalName, owner.Id);
            var unit = ownerRow.GetValueOrDefault("businessunitid") as EntityReference ?? new EntityReference("businessunit", RootBusinessUnitId);
            return new Dictionary<string, object?>
            {
                ["owningbusinessunit"] = new EntityReference("businessunit", unit.Id),
                ["owninguser"] = owner.LogicalName == "systemuser" ? new EntityReference("systemuser", owner.Id) : null,
                ["owningteam"] = owner.LogicalName == "team" ? new EntityReference("team", owner.Id) : null,
            };
        }

        /// <summary>statecode and statuscode stay a valid pair: a status implies its state, a state alone takes its default status.</summary>
        private static void StateAndStatus(TableDefinition table, Guid id, Dictionary<string, object?> row, IReadOnlyDictionary<string, object?>? existing)
        {
            var stateColumn = table.Column("statecode");
            var statusColumn = table.Column("statuscode");
            if (stateColumn?.Choice == null || statusColumn?.Choice == null) return;
            var state = row.GetValueOrDefault("statecode") as OptionSetValue;
            var status = row.GetValueOrDefault("statuscode") as OptionSetValue;
            if (state == null && status == null) return;
            if (status != null)
            {
                var statusState = statusColumn.Choice.Find(status.Value)?.State;
                if (state == null && statusState != null) row["statecode"] = new OptionSetValue(statusState.Value);
                else if (state != null && statusState != null && statusState != state.Value)
                {
                    var label = stateColumn.Choice.Find(state.Value)?.Label() ?? state.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    throw Faults.Create(ErrorCodes.InvalidState, $"{status.Value} is not a valid status code for state code {table.LogicalName}State.{label} on {table.LogicalName} with Id {id:D}.");
                }
            }
            else if (state != null && (existing == null || !Values.Same(existing.GetValueOrDefault("statecode"), state)))
            {
                var defaultStatus = stateColumn.Choice.Find(state.Value)?.DefaultStatus;
                if (defaultStatus != null) row["statuscode"] = new OptionSetValue(defaultStatus.Value);
            }
        }

        /// <summary>Append on the record's table and AppendTo on every record its lookups now point at.</summary>
        private void CheckAppend(Principal principal, TableDefinition table, Guid id, IReadOnlyDictionary<string, object?> row, Entity target, string message)
        {
            var references = target.Attributes
                .Where(a => a.Value is EntityReference && !PlatformColumns.Contains(a.Key) && a.Key is not ("ownerid" or "transactioncurrencyid") && table.Column(a.Key)?.IsLookup == true)
                .Select(a => (EntityReference)a.Value!).ToList();
            if (references.Count == 0) return;
            Security.RequireAccess(principal, PrivilegeAccess.Append, table.LogicalName, id, row, message);
            foreach (var r in references)
                Security.RequireAccess(principal, PrivilegeAccess.AppendTo, r.LogicalName, r.Id, Store.Get(r.LogicalName, r.Id)!, message);
        }
    }
}
