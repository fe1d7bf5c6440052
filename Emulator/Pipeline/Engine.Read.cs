using System;
using System.Collections.Generic;
using System.Linq;
using Mci.Emulator.Metadata;
using Mci.Emulator.Query;
using Mci.Emulator.Security;
using Mci.Emulator.Store;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;
using Mci.SolutionModel;

namespace Mci.Emulator.Pipeline
{
    internal sealed partial class Engine
    {
        private OrganizationResponse Retrieve(OrganizationRequest request, CallSite site)
        {
            var target = request.Parameters.TryGetValue("Target", out var t) ? t as EntityReference : null;
            var columns = request.Parameters.TryGetValue("ColumnSet", out var c) ? c as ColumnSet : null;
            if (target == null) throw Faults.InvalidArgument("Retrieve: the Target entity reference is required.");
            if (columns == null) throw Faults.InvalidArgument("Retrieve: the ColumnSet is required (use new ColumnSet(\"column\", ...)).");
            var table = Table(target.LogicalName);
            var op = new Operation("Retrieve", table.LogicalName, site, site.Depth, Clock.UtcNow) { PrimaryId = target.Id };
            op.Input["Target"] = new EntityReference(table.LogicalName, target.Id);
            op.Input["ColumnSet"] = columns;
            Run(op, () =>
            {
                var row = Store.Get(table.LogicalName, target.Id) ?? throw Faults.DoesNotExist(table.LogicalName, target.Id);
                var principal = Principal(op.Site.UserId);
                if (!principal.IsSystem) Security.RequireAccess(principal, PrivilegeAccess.Read, table.LogicalName, target.Id, row, "Retrieve");
                op.Output["BusinessEntity"] = Project(table, target.Id, row, (ColumnSet)op.Input["ColumnSet"], principal);
            });
            var response = new RetrieveResponse { ResponseName = "Retrieve" };
            response.Results["Entity"] = Values.Copy(op.Output["BusinessEntity"]);
            return response;
        }

        private OrganizationResponse RetrieveMultiple(OrganizationRequest request, CallSite site)
        {
            var query = request.Parameters.TryGetValue("Query", out var q) ? q as QueryBase : null;
            if (query == null) throw Faults.InvalidArgument("RetrieveMultiple: the Query is required.");
            var table = Table(QueryEngine.TableOf(query));
            var op = new Operation("RetrieveMultiple", table.LogicalName, site, site.Depth, Clock.UtcNow);
            op.Input["Query"] = query;
            Run(op, () => op.Output["BusinessEntityCollection"] = new QueryEngine(this, Principal(op.Site.UserId)).Execute((QueryBase)op.Input["Query"]));
            var response = new RetrieveMultipleResponse { ResponseName = "RetrieveMultiple" };
            response.Results["EntityCollection"] = Values.Copy(op.Output["BusinessEntityCollection"]);
            return response;
        }

        /// <summary>
        /// A row as a caller sees it: only the asked-for columns that have a value (plus the primary key), secured
        /// columns only with read permission, lookups carrying the primary name, and formatted values of choices,
        /// yes/no and lookups in the user's language.
        /// </summary>
        internal Entity Project(TableDefinition table, Guid id, IReadOnlyDictionary<string, object?> row, ColumnSet columns, Principal principal)
        {
            var names = columns.AllColumns ? table.Columns.Keys : columns.Columns;
            var entity = new Entity(table.LogicalName, id) { RowVersion = (row.GetValueOrDefault("versionnumber") as long?)?.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            entity[table.PrimaryIdAttribute] = id;
            foreach (var name in names.Distinct())
            {
                var column = table.Column(name) ?? throw Faults.UnknownColumn(table.LogicalName, name);
                if (name == table.PrimaryIdAttribute || !column.ValidForRead) continue;
                if (row.GetValueOrDefault(name) is not { } value) continue;
                if (!Security.CanReadColumn(principal, table.LogicalName, name)) continue;
                entity[name] = WithName(Values.Copy(value));
                if (Formatted(column, entity[name], principal.LanguageId) is { } text) entity.FormattedValues[name] = text;
            }
            return entity;
        }

        /// <summary>Lookups read from the store carry the referenced record's primary name, as Dataverse returns them.</summary>
        internal object? WithName(object? value)
        {
            if (value is EntityReference r && Metadata.Table(r.LogicalName) is { PrimaryNameAttribute: { } nameColumn })
                r.Name = Store.Get(r.LogicalName, r.Id)?.GetValueOrDefault(nameColumn) as string;
            return value;
        }

        internal static string? Formatted(ColumnDefinition column, object? value, int language) => value switch
        {
            OptionSetValue o => column.Choice?.Find(o.Value)?.Label(language),
            bool b => column.Choice?.Find(b ? 1 : 0)?.Label(language) ?? (b ? "Yes" : "No"),
            EntityReference r => r.Name,
            _ => null,
        };
    }
}
