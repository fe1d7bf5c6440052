using System;
using System.Collections.Generic;
using System.Linq;
using Mci.Emulator.Metadata;
using Mci.Emulator.Pipeline;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Mci.SolutionModel;

namespace Mci.Emulator.Messages
{
    /// <summary>One request as a handler receives it: the engine, who calls from where, and the recorder's sequence of the call.</summary>
    internal sealed class MessageCall
    {
        public MessageCall(Engine engine, OrganizationRequest request, CallSite site, int sequence)
        {
            Engine = engine;
            Request = request;
            Site = site;
            Sequence = sequence;
        }

        public Engine Engine { get; }
        public OrganizationRequest Request { get; }
        public CallSite Site { get; }
        /// <summary>The recorder's number of this call: the batch id its inner requests carry (ExecuteMultiple, ExecuteTransaction).</summary>
        public int Sequence { get; }

        /// <summary>A parameter of the request of the expected type, or null when it is missing or of another type.</summary>
        public T? Parameter<T>(string name) where T : class =>
            Request.Parameters.TryGetValue(name, out var value) ? value as T : null;

        /// <summary>The Targets of a CreateMultiple/UpdateMultiple: at least one entity, all of one table.</summary>
        public (TableDefinition Table, List<Entity> Targets) Targets()
        {
            var message = Engine.MessageName(Request);
            var collection = Parameter<EntityCollection>("Targets");
            if (collection == null || collection.Entities.Count == 0) throw Faults.InvalidArgument($"{message}: Targets must contain at least one entity.");
            var name = collection.EntityName ?? collection.Entities[0].LogicalName;
            if (collection.Entities.Any(e => e.LogicalName != name))
                throw Faults.InvalidArgument($"{message}: every entity in Targets must be of the same table ('{name}').");
            return (Engine.Table(name), collection.Entities.ToList());
        }
    }

    /// <summary>
    /// One organization-service message (a class per message, found by <see cref="MessageRegistry"/>): it reads the
    /// request's parameters, builds the <see cref="Operation"/>, runs it through the event pipeline
    /// (<see cref="Engine.Run"/>) with its main operation, and shapes the response. Handlers keep no state: one instance
    /// serves every environment. Adding a message is adding one such class (with a public parameterless constructor).
    /// </summary>
    internal abstract class MessageHandler
    {
        /// <summary>The message's name as Dataverse's pipeline and steps name it (SdkMessage name): "Create", "Win".</summary>
        public abstract string Message { get; }

        /// <summary>Other request names that reach this handler, e.g. "WinOpportunity" (the SDK's request) for Win.</summary>
        public virtual IReadOnlyList<string> Aliases => Array.Empty<string>();

        /// <summary>
        /// Every request name this handler answers in an environment. A handler whose messages come from the solution
        /// (custom APIs) overrides this to read them from <paramref name="metadata"/>.
        /// </summary>
        public virtual IEnumerable<string> RequestNames(EnvironmentMetadata metadata) => Aliases.Prepend(Message);

        /// <summary>The pipeline's message name for a request name this handler answers: <see cref="Message"/>, or (custom APIs)
        /// the request's own name.</summary>
        public virtual string PipelineName(string requestName) => Message;

        /// <summary>The table and record the recorder shows for a call (Target, Targets or Query by default).</summary>
        public virtual (string? Table, Guid? Id) Describe(OrganizationRequest request) => DescribeByParameters(request);

        public abstract OrganizationResponse Execute(MessageCall call);

        /// <summary>The table and record of a request from its usual parameters, for any message (also unknown ones).</summary>
        public static (string? Table, Guid? Id) DescribeByParameters(OrganizationRequest request)
        {
            request.Parameters.TryGetValue("Target", out var target);
            switch (target)
            {
                case Entity e: return (e.LogicalName, e.Id == Guid.Empty ? null : e.Id);
                case EntityReference er: return (er.LogicalName, er.Id);
            }
            if (request.Parameters.TryGetValue("Targets", out var ts) && ts is EntityCollection ec) return (ec.EntityName ?? ec.Entities.FirstOrDefault()?.LogicalName, null);
            if (request.Parameters.TryGetValue("Query", out var q) && q is QueryBase query) return (Query.QueryEngine.TableOf(query), null);
            return (null, null);
        }

        /// <summary>A generic OrganizationRequest("X") carries the same parameters as the typed one.</summary>
        protected static T Typed<T>(OrganizationRequest request) where T : OrganizationRequest, new() =>
            request as T ?? new T { Parameters = request.Parameters, RequestId = request.RequestId };
    }
}
