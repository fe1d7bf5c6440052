using System;
using System.Collections.Generic;
using Microsoft.Xrm.Sdk;
using Mci.Plugins.Common.Standard;

namespace Mci.Plugins.Common
{
    /// <summary>
    /// What a step needs to know about the pipeline around it: whether MCI's own plug-in made the change (so rules
    /// reserved to plug-ins, like locking split lines, let it through), whether it runs inside the delete of an
    /// opportunity or a Win, and the values one stage hands to the next through shared variables.
    /// </summary>
    internal static class PipelineContext
    {
        /// <summary>Set by an MCI plug-in in its own context before it writes other records. Callers cannot set
        /// shared variables (only "tag"), so a user's request can never pass as a system change.</summary>
        private const string SystemChangeKey = "mci_SystemChange";

        /// <summary>Guards against a malformed chain; Dataverse itself stops at depth 8.</summary>
        private const int MaxAncestors = 16;

        /// <summary>Marks the writes this execution is about to make as MCI's own (see <see cref="IsSystemChange"/>).</summary>
        public static void MarkSystemChange(IExecutionContext context) => context.SharedVariables[SystemChangeKey] = true;

        /// <summary>True when the operation was started by an MCI plug-in that marked its writes: its context is an
        /// ancestor of this one (Dataverse hands a nested pipeline its caller's context as ParentContext).</summary>
        public static bool IsSystemChange(IPluginExecutionContext context)
        {
            foreach (var ancestor in Ancestors(context))
            {
                if (ancestor.SharedVariables != null && ancestor.SharedVariables.TryGetValue(SystemChangeKey, out var value) && value is bool marked && marked)
                    return true;
            }
            return false;
        }

        /// <summary>True inside the given message on the given table further up the chain (e.g. the cascade of an opportunity's Delete).</summary>
        public static bool IsInside(IPluginExecutionContext context, string message, string table)
        {
            foreach (var ancestor in Ancestors(context))
            {
                if (string.Equals(ancestor.MessageName, message, StringComparison.OrdinalIgnoreCase)
                    && string.Equals(ancestor.PrimaryEntityName, table, StringComparison.OrdinalIgnoreCase))
                    return true;
            }
            return false;
        }

        private static IEnumerable<IPluginExecutionContext> Ancestors(IPluginExecutionContext context)
        {
            var current = context.ParentContext;
            for (var i = 0; current != null && i < MaxAncestors; i++)
            {
                yield return current;
                current = current.ParentContext;
            }
        }

        /// <summary>The Target (Create/Update) or the targets of CreateMultiple/UpdateMultiple, in order.</summary>
        public static IReadOnlyList<Entity> Targets(IExecutionContext context)
        {
            if (context.InputParameters.TryGetValue("Targets", out var many) && many is EntityCollection collection)
                return collection.Entities;
            if (context.InputParameters.TryGetValue("Target", out var one) && one is Entity entity)
                return new[] { entity };
            return Array.Empty<Entity>();
        }

        /// <summary>The pre- (or post-) image registered under <paramref name="alias"/> for the i-th target: from the
        /// per-target image collections of *Multiple steps, else the single-record images.</summary>
        public static Entity? Image(IPluginExecutionContext context, int index, string alias, bool pre)
        {
            if (context is IPluginExecutionContext4 multiple)
            {
                var collections = pre ? multiple.PreEntityImagesCollection : multiple.PostEntityImagesCollection;
                if (collections != null && index < collections.Length && collections[index] != null && collections[index].TryGetValue(alias, out var fromCollection))
                    return fromCollection;
            }
            var images = pre ? context.PreEntityImages : context.PostEntityImages;
            return index == 0 && images != null && images.TryGetValue(alias, out var image) ? image : null;
        }

        /// <summary>The id of the record a Create/Update target stands for (set on Create before PreOperation; the output id after).</summary>
        public static Guid RecordId(IExecutionContext context, Entity target)
        {
            if (target.Id != Guid.Empty) return target.Id;
            if (context.OutputParameters.TryGetValue("id", out var id) && id is Guid g) return g;
            return context.PrimaryEntityId;
        }

        /// <summary>Reads a value an earlier stage of the same operation left in the shared variables.</summary>
        public static T? Shared<T>(IExecutionContext context, string key) where T : class
            => context.SharedVariables.TryGetValue(key, out var value) ? value as T : null;

        public static bool IsMessage(IExecutionContext context, string message)
            => string.Equals(context.MessageName, message, StringComparison.OrdinalIgnoreCase);

        /// <summary>Create or CreateMultiple.</summary>
        public static bool IsCreate(IExecutionContext context)
            => IsMessage(context, MessageNames.Create) || IsMessage(context, MessageNames.CreateMultiple);
    }
}
