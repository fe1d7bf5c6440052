using System;
using Microsoft.Xrm.Sdk;

namespace Mci.Plugins.Common
{
    /// <summary>
    /// A typed value one stage of an operation hands to a later stage of the same operation (PreOperation decides,
    /// PostOperation writes other records once the record itself is saved), through the shared variables, keyed per
    /// record: the items of a CreateMultiple/UpdateMultiple may share one set of shared variables. Declare one per
    /// hand-over as a static field: <c>static readonly HandOver&lt;Entity&gt; Margin = new HandOver&lt;Entity&gt;("mci_EngagementMargin");</c>
    /// </summary>
    /// <typeparam name="T">A type Dataverse carries in shared variables (they may be serialized between the stages):
    /// string, bool, int, decimal, Guid, Entity, EntityReference, EntityCollection, OptionSetValue or Money.</typeparam>
    internal sealed class HandOver<T>
    {
        private static readonly Type[] Carried =
        {
            typeof(string), typeof(bool), typeof(int), typeof(decimal), typeof(Guid), typeof(Entity), typeof(EntityReference),
            typeof(EntityCollection), typeof(OptionSetValue), typeof(Money),
        };

        private readonly string _name;

        public HandOver(string name)
        {
            if (Array.IndexOf(Carried, typeof(T)) < 0) throw new InvalidOperationException("Shared variables cannot carry " + typeof(T).Name + " (hand-over " + name + ").");
            _name = name;
        }

        private string Key(Guid recordId) => _name + ":" + recordId.ToString("D");

        /// <summary>Hands <paramref name="value"/> over for the record.</summary>
        public void Put(IExecutionContext context, Guid recordId, T value)
        {
            if (recordId == Guid.Empty) throw new InvalidOperationException("Hand-over " + _name + " needs the record's id.");
            context.SharedVariables[Key(recordId)] = value;
        }

        /// <summary>The value an earlier stage handed over for the record, if it did.</summary>
        public bool TryGet(IExecutionContext context, Guid recordId, out T value)
        {
            if (context.SharedVariables.TryGetValue(Key(recordId), out var raw) && raw is T typed)
            {
                value = typed;
                return true;
            }
            value = default!;
            return false;
        }
    }
}
