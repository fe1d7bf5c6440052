using System;

namespace Microsoft.Xrm.Sdk
{
    /// <summary>
    /// A message to the organization service. Everything is carried in <see cref="Parameters"/> under the
    /// message's parameter names; typed request classes (CreateRequest...) are views over that bag, so a
    /// host (Dataverse, the emulator) needs only <see cref="RequestName"/> and <see cref="Parameters"/>.
    /// </summary>
    public class OrganizationRequest
    {
        private ParameterCollection _parameters = new ParameterCollection();

        public OrganizationRequest() { }

        public OrganizationRequest(string requestName)
        {
            RequestName = requestName;
        }

        public string RequestName { get; set; }

        public Guid? RequestId { get; set; }

        public ParameterCollection Parameters
        {
            get { return _parameters; }
            set { _parameters = value; }
        }

        /// <summary>Parameters[parameterName]: the getter throws KeyNotFoundException when absent.</summary>
        public object this[string parameterName]
        {
            get { return Parameters[parameterName]; }
            set { Parameters[parameterName] = value; }
        }

        // Typed request properties read like the real SDK's: the value when present, else default.
        internal T Get<T>(string name) => Parameters.ValueOrDefault<T>(name);
    }

    /// <summary>The answer to an <see cref="OrganizationRequest"/>: everything is carried in <see cref="Results"/>.</summary>
    public class OrganizationResponse
    {
        private ParameterCollection _results = new ParameterCollection();

        public OrganizationResponse() { }

        public string ResponseName { get; set; }

        public ParameterCollection Results
        {
            get { return _results; }
            set { _results = value; }
        }

        public object this[string parameterName]
        {
            get { return Results[parameterName]; }
            set { Results[parameterName] = value; }
        }

        internal T Get<T>(string name) => Results.ValueOrDefault<T>(name);
    }

    /// <summary>How ExecuteMultiple runs its requests.</summary>
    public sealed class ExecuteMultipleSettings
    {
        public ExecuteMultipleSettings() { }

        public bool ContinueOnError { get; set; }

        public bool ReturnResponses { get; set; }
    }

    /// <summary>One entry of an ExecuteMultiple response: the request's index and its response or fault.</summary>
    public sealed class ExecuteMultipleResponseItem
    {
        public ExecuteMultipleResponseItem() { }

        public int RequestIndex { get; set; }

        public OrganizationResponse Response { get; set; }

        public OrganizationServiceFault Fault { get; set; }
    }
}
