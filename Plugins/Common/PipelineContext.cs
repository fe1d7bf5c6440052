using System;
using System.Collections.Generic;
using Microsoft.Xrm.Sdk;
using Mci.Plugins.Common.Standard;

namespace Mci.Plugins.Common
{
    /// <summary>
    /// What a step needs to know about the pipeline around it: whether MCI's own plug-in made the change (so rules
    /// reserved to plug-ins, like locking split lines, let it through), whether it runs inside the delete of an
    /// opportunity or a Win, and the Target, images and record id of the one record it handles (values one stage hands
    /// to the next go through <see cref="HandOver{T}"/>).
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
        public static bool IsSystemChange(IPluginExecutionContext context) => IsMarkedAbove(context, SystemChangeKey);

        /// <summary>True when an ancestor context (the caller's pipeline, as ParentContext) carries the shared variable
        /// <paramref name="key"/> set to true. A parent sees nothing its child pipelines set: the flow is downwards only.</summary>
        public static bool IsMarkedAbove(IPluginExecutionContext context, string key)
        {
            foreach (var ancestor in Ancestors(context))
            {
                if (ancestor.SharedVariables != null && ancestor.SharedVariables.TryGetValue(key, out var value) && value is bool marked && marked)
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

        /// <summary>A shared variable set by an ancestor of this context (the nearest one), or null.</summary>
        public static object? FromAncestors(IPluginExecutionContext context, string key)
        {
            foreach (var ancestor in Ancestors(context))
                if (ancestor.SharedVariables != null && ancestor.SharedVariables.TryGetValue(key, out var value)) return value;
            return null;
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

        /// <summary>
        /// The context of the operation that caused this one: the first ancestor that is not this operation's own
        /// PreValidation context (a PreOperation or PostOperation context's parent is the PreValidation context of the same
        /// message, table and depth). Null for an operation a user started.
        /// </summary>
        public static IPluginExecutionContext? Caller(IPluginExecutionContext context)
        {
            foreach (var ancestor in Ancestors(context))
            {
                var sameOperation = ancestor.Depth == context.Depth
                                    && string.Equals(ancestor.MessageName, context.MessageName, StringComparison.OrdinalIgnoreCase)
                                    && string.Equals(ancestor.PrimaryEntityName, context.PrimaryEntityName, StringComparison.OrdinalIgnoreCase);
                if (!sameOperation) return ancestor;
            }
            return null;
        }

        /// <summary>The Target of a Create or Update.</summary>
        public static Entity Target(IExecutionContext context)
            => context.InputParameters.TryGetValue("Target", out var target) && target is Entity entity
                ? entity
                : throw new InvalidPluginExecutionException("The " + context.MessageName + " of " + context.PrimaryEntityName + " carries no Target entity.");

        /// <summary>The image registered under <paramref name="alias"/>, or null where the message has none.</summary>
        public static Entity? Image(IExecutionContext context, string alias, bool pre)
        {
            var images = pre ? context.PreEntityImages : context.PostEntityImages;
            return images != null && images.TryGetValue(alias, out var image) ? image : null;
        }

        /// <summary>
        /// The id of the record a Create/Update target stands for. A Create's Target may still lack its id in PreOperation:
        /// it is given one here (Dataverse saves the record with the id the Target carries), so a hand-over to PostOperation
        /// can be keyed by it.
        /// </summary>
        public static Guid RecordId(IPluginExecutionContext context, Entity target)
        {
            if (target.Id != Guid.Empty) return target.Id;
            if (context.OutputParameters.TryGetValue("id", out var id) && id is Guid g && g != Guid.Empty) return g;
            if (context.PrimaryEntityId != Guid.Empty) return context.PrimaryEntityId;
            if (context.Stage < Stages.PostOperation) target.Id = Guid.NewGuid();
            return target.Id;
        }

        public static bool IsMessage(IExecutionContext context, string message)
            => string.Equals(context.MessageName, message, StringComparison.OrdinalIgnoreCase);

        public static bool IsCreate(IExecutionContext context) => IsMessage(context, MessageNames.Create);
    }
}
