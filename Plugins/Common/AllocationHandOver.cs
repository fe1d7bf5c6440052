using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Mci.Rules;

namespace Mci.Plugins.Common
{
    /// <summary>
    /// The opportunities' allocation statuses a PreOperation derived (split lines, minutes), handed to its PostOperation:
    /// they are writes to other records, made once the change itself is saved. They travel in one shared variable as
    /// "id:option,id:option" text, and are written in one request.
    /// </summary>
    internal static class AllocationHandOver
    {
        /// <summary>Hands the allocations over under <paramref name="key"/>; nothing when there are none.</summary>
        public static void Put(IExecutionContext context, string key, IEnumerable<KeyValuePair<Guid, AllocationStatus>> allocations)
        {
            var pairs = allocations.Select(a => a.Key.ToString("D") + ":" + Choices.Option(a.Value).Value.ToString(CultureInfo.InvariantCulture)).ToList();
            if (pairs.Count > 0) context.SharedVariables[key] = string.Join(",", pairs);
        }

        /// <summary>The opportunity updates handed over under <paramref name="key"/> (none when nothing was).</summary>
        public static List<Entity> Take(IExecutionContext context, string key)
            => (PipelineContext.Shared<string>(context, key) ?? "").Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries).Select(pair =>
            {
                var parts = pair.Split(':');
                return new Entity(Opportunity.EntityName, Guid.Parse(parts[0])) { [Opportunity.AllocationStatus] = new OptionSetValue(int.Parse(parts[1], CultureInfo.InvariantCulture)) };
            }).ToList();

        /// <summary>Writes the updates: one Update for one opportunity, one UpdateMultiple for several.</summary>
        public static void Write(IOrganizationService service, IReadOnlyList<Entity> updates)
        {
            if (updates.Count == 1) service.Update(updates[0]);
            else if (updates.Count > 1) service.Execute(new UpdateMultipleRequest { Targets = new EntityCollection(updates.ToList()) { EntityName = Opportunity.EntityName } });
        }
    }
}
