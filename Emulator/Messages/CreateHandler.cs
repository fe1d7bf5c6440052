using System;
using System.Collections.Generic;
using System.Linq;
using Mci.Emulator.Metadata;
using Mci.Emulator.Pipeline;
using Mci.Emulator.Store;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Mci.SolutionModel;

namespace Mci.Emulator.Messages
{
    /// <summary>
    /// Create: one record through the pipeline. Its steps (<see cref="Prepare"/>, <see cref="AddPlatformColumns"/>,
    /// <see cref="Save"/>) are CreateMultiple's per item too, and <see cref="One"/> is how the platform creates records
    /// itself (Upsert, Win's close activity).
    /// </summary>
    internal sealed class CreateHandler : MessageHandler
    {
        public override string Message => "Create";

        public override OrganizationResponse Execute(MessageCall call)
        {
            var target = call.Parameter<Entity>("Target") ?? throw Faults.InvalidArgument("Create: the Target entity is required.");
            var id = One(call.Engine, target, call.Site, call.Request.Parameters);
            var response = new CreateResponse { ResponseName = "Create" };
            response.Results["id"] = id;
            return response;
        }

        /// <summary>Creates one record through the pipeline (also used for records the platform creates, like opportunityclose).</summary>
        internal static Guid One(Engine engine, Entity target, CallSite site, ParameterCollection? parameters = null)
        {
            var table = engine.Table(target.LogicalName);
            var item = Prepare(table, target);
            var op = Operation.ForRecord("Create", table, item, site, parameters, engine.Clock.UtcNow);
            engine.Run(op, () => Save(engine, op, table, item), () => AddPlatformColumns(engine, op, table, item));
            return item.Id;
        }

        /// <summary>
        /// Saves one record the platform creates without running any step on its Create (the Win's close activity when
        /// DataverseOptions.WinRunsCloseActivityCreateSteps is off): the same defaults, platform columns, checks and insert.
        /// </summary>
        internal static Guid WithoutSteps(Engine engine, Entity target, CallSite site)
        {
            var table = engine.Table(target.LogicalName);
            var item = Prepare(table, target);
            var op = Operation.ForRecord("Create", table, item, site, null, engine.Clock.UtcNow);
            AddPlatformColumns(engine, op, table, item);
            Save(engine, op, table, item);
            return item.Id;
        }

        /// <summary>The caller's Target copied, its id decided, and the defaults Dataverse adds before PreValidation.</summary>
        internal static OperationItem Prepare(TableDefinition table, Entity target)
        {
            var copy = Values.CopyEntity(target);
            var id = copy.Id;
            if (copy.Attributes.TryGetValue(table.PrimaryIdAttribute, out var pk) && pk is Guid g && g != Guid.Empty)
            {
                if (id != Guid.Empty && id != g) throw Faults.InvalidArgument($"Entity Id ({id:D}) and {table.PrimaryIdAttribute} ({g:D}) differ.");
                id = g;
            }
            if (id == Guid.Empty) id = Guid.NewGuid();
            // The defaults of yes/no and choice columns the caller left out (an explicit null stays null), added before
            // PreValidation; a column the caller may not set (isdefault of team) gets its default in the stored row only.
            foreach (var c in table.Columns.Values.Where(c => c.ValidForCreate && !copy.Contains(c.LogicalName)))
            {
                if (c.DefaultBoolean is { } yesNo) copy[c.LogicalName] = yesNo;
                else if (c.DefaultChoice is { } choice) copy[c.LogicalName] = new OptionSetValue(choice);
            }
            var item = new OperationItem { Id = id, Target = copy };
            item.Input["Target"] = copy;
            return item;
        }

        /// <summary>What Dataverse adds to a Create's Target before PreOperation: the id, audit columns, owner, state and currency.</summary>
        internal static void AddPlatformColumns(Engine engine, Operation op, TableDefinition table, OperationItem item)
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
                t["transactioncurrencyid"] = new EntityReference("transactioncurrency", engine.BaseCurrencyId);
            if (table.Ownership == TableOwnership.UserOwned && t.GetAttributeValue<EntityReference>("ownerid") is { } owner && engine.Store.Exists(owner.LogicalName, owner.Id))
                foreach (var kv in RowBuilder.OwningColumns(engine, owner)) t[kv.Key] = kv.Value;
            if (table.LogicalName == "team") AddTeamDefaults(engine, op, t);
        }

        /// <summary>
        /// A team created by name alone: Dataverse fills its business unit and administrator. Learn's team reference marks
        /// both SystemRequired and documents no default for them (only isdefault and systemmanaged: 0); the emulator's
        /// decision is the caller's business unit, the caller as administrator, and an owner team (teamtype 0).
        /// isdefault, read-only, is stored as false without being part of the Target.
        /// </summary>
        private static void AddTeamDefaults(Engine engine, Operation op, Entity team)
        {
            if (team.GetAttributeValue<EntityReference>("businessunitid") == null) team["businessunitid"] = new EntityReference("businessunit", engine.BusinessUnitOf(op.Site.UserId));
            if (team.GetAttributeValue<EntityReference>("administratorid") == null) team["administratorid"] = new EntityReference("systemuser", op.Site.UserId);
            if (team.GetAttributeValue<OptionSetValue>("teamtype") == null) team["teamtype"] = new OptionSetValue(0);
        }

        /// <summary>The main operation: the Create privilege at a depth reaching the new row, Append/AppendTo, field security, required columns, then the insert.</summary>
        internal static void Save(Engine engine, Operation op, TableDefinition table, OperationItem item)
        {
            var principal = engine.Principal(op.Site.UserId);
            var t = item.Target!;
            var depth = principal.IsSystem ? PrivilegeLevel.Global : engine.Security.Require(principal, PrivilegeAccess.Create, table.LogicalName, "Create");
            var row = RowBuilder.Build(engine, table, t, item.Id, existing: null, op);
            if (engine.Store.Exists(table.LogicalName, item.Id)) throw Faults.Create(ErrorCodes.DuplicateRecord, "Cannot insert duplicate key.");
            if (!principal.IsSystem)
            {
                if (!engine.Security.Reaches(principal, depth, table.LogicalName, item.Id, row))
                    throw Faults.Create(ErrorCodes.AccessDenied, $"Principal with ID {principal.UserId:D} does not have CreateAccess right(s) for record with ID {item.Id:D} of entity {table.LogicalName}.");
                engine.Security.RequireAppend(principal, table.LogicalName, item.Id, row, RowBuilder.NewReferences(table, t), "Create");
                engine.Security.RequireColumnWrite(principal, table.LogicalName, t.Attributes.Where(a => a.Value != null).Select(a => a.Key), create: true);
            }
            foreach (var c in table.Columns.Values.Where(c => IsRequiredOnCreate(engine, c) && row.GetValueOrDefault(c.LogicalName) == null))
                throw Faults.InvalidArgument($"Attribute '{c.LogicalName}' of entity '{table.LogicalName}' is required and was not provided.");
            row["versionnumber"] = engine.NextVersion();
            engine.Store.Insert(table.LogicalName, item.Id, row);
            item.After = engine.Store.Get(table.LogicalName, item.Id);
            item.Output["id"] = item.Id;
        }

        private static bool IsRequiredOnCreate(Engine engine, ColumnDefinition c) =>
            c.ValidForCreate && !RowBuilder.PlatformColumns.Contains(c.LogicalName) && c.Type is not (ColumnType.PrimaryKey or ColumnType.State or ColumnType.Status or ColumnType.Owner)
            && (c.RequiredLevel == RequiredLevel.SystemRequired || (engine.Options.EnforceBusinessRequired && c.RequiredLevel == RequiredLevel.ApplicationRequired));
    }
}
