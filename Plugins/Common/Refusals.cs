using System;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Mci.Plugins.Common.Standard;
using Mci.Rules;

namespace Mci.Plugins.Common
{
    /// <summary>
    /// Turns a rule's refusal into what the user sees: InvalidPluginExecutionException with the message in their
    /// UI language. The language is read only here, on the refusal path (one Retrieve), never cached: a plug-in
    /// instance serves every user.
    /// </summary>
    internal static class Refusals
    {
        /// <summary>usersettings.uilanguageid of the user (1033 English, 2052 Simplified Chinese), or null when unreadable.</summary>
        public static int? UiLanguageId(IOrganizationService service, Guid userId)
        {
            if (userId == Guid.Empty) return null;
            var settings = service.Retrieve(UserSettings.EntityName, userId, new ColumnSet(UserSettings.UiLanguageId));
            return settings.GetAttributeValue<int?>(UserSettings.UiLanguageId);
        }

        /// <summary>The exception to throw for a refused result, in the language of <paramref name="userId"/>.</summary>
        public static InvalidPluginExecutionException Exception(RuleResult refused, IOrganizationService service, Guid userId)
        {
            if (refused.IsOk) throw new InvalidOperationException("The rule did not refuse; there is nothing to report.");
            return new InvalidPluginExecutionException(refused.Message(UiLanguageId(service, userId)));
        }

        /// <summary>The value of a rule's result, or the refusal as the exception to throw (in the user's language).</summary>
        public static T Ensure<T>(RuleResult<T> result, IOrganizationService service, Guid userId) where T : class
            => result.IsOk ? result.Value : throw Exception(result, service, userId);

        /// <summary>Fills in the Name of lookups that arrived without one (a Target set through the API carries only the
        /// id), so a refusal can name the record. Refusal path only: one Retrieve per nameless lookup.</summary>
        public static void FillNames(IOrganizationService service, Entity entity, params string[] lookupColumns)
        {
            foreach (var column in lookupColumns)
            {
                if (!(entity.GetAttributeValue<EntityReference>(column) is EntityReference reference) || !string.IsNullOrEmpty(reference.Name)) continue;
                var nameColumn = PrimaryName(reference.LogicalName);
                if (nameColumn == null) continue;
                var row = service.Retrieve(reference.LogicalName, reference.Id, new ColumnSet(nameColumn));
                entity[column] = new EntityReference(reference.LogicalName, reference.Id) { Name = row.GetAttributeValue<string>(nameColumn) };
            }
        }

        private static string? PrimaryName(string table)
        {
            switch (table)
            {
                case Opportunity.EntityName: return Opportunity.Name;
                case Team.EntityName: return Team.Name;
                case SystemUser.EntityName: return SystemUser.FullName;
                case Partner.EntityName: return Partner.Name;
                case Branch.EntityName: return Branch.Name;
                case SupportTier.EntityName: return SupportTier.Name;
                case AllocationMinutes.EntityName: return AllocationMinutes.Name;
                default: return null;
            }
        }
    }
}
