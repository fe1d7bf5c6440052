using System;
using System.Runtime.Serialization;

namespace Microsoft.Xrm.Sdk
{
    /// <summary>
    /// Thrown by a plug-in to cancel the operation (and roll back the transaction); Dataverse shows
    /// <see cref="Exception.Message"/> to the user. Constructors without an error code use
    /// <see cref="DefaultErrorCode"/> (0x80040265, "ISV code aborted the operation"); without a status, Failed.
    /// </summary>
    [Serializable]
    public sealed class InvalidPluginExecutionException : Exception, ISerializable
    {
        // -2147220891 = 0x80040265 (ISVAborted), the code Dataverse reports for a plug-in's refusal.
        private const int DefaultErrorCode = -2147220891;

        public InvalidPluginExecutionException() : this(OperationStatus.Failed) { }

        public InvalidPluginExecutionException(string message) : this(OperationStatus.Failed, message) { }

        public InvalidPluginExecutionException(string message, Exception exception) : base(message, exception)
        {
            Status = OperationStatus.Failed;
            ErrorCode = DefaultErrorCode;
        }

        public InvalidPluginExecutionException(string message, PluginHttpStatusCode httpStatus) : this(OperationStatus.Failed, DefaultErrorCode, message, httpStatus) { }

        public InvalidPluginExecutionException(OperationStatus status)
        {
            Status = status;
            ErrorCode = DefaultErrorCode;
        }

        public InvalidPluginExecutionException(OperationStatus status, string message) : this(status, DefaultErrorCode, message) { }

        public InvalidPluginExecutionException(OperationStatus status, int errorCode, string message) : this(status, errorCode, message, PluginHttpStatusCode.NotSet) { }

        public InvalidPluginExecutionException(OperationStatus status, int errorCode, string message, PluginHttpStatusCode httpStatus) : base(message)
        {
            Status = status;
            ErrorCode = errorCode;
            HttpStatus = httpStatus;
        }

        private InvalidPluginExecutionException(SerializationInfo info, StreamingContext context) : base(info, context)
        {
            Status = (OperationStatus)info.GetInt32(nameof(Status));
            ErrorCode = info.GetInt32(nameof(ErrorCode));
            HttpStatus = (PluginHttpStatusCode)info.GetInt32(nameof(HttpStatus));
        }

        public OperationStatus Status { get; }

        public int ErrorCode { get; }

        public PluginHttpStatusCode HttpStatus { get; }

        public override void GetObjectData(SerializationInfo info, StreamingContext context)
        {
            base.GetObjectData(info, context);
            info.AddValue(nameof(Status), (int)Status);
            info.AddValue(nameof(ErrorCode), ErrorCode);
            info.AddValue(nameof(HttpStatus), (int)HttpStatus);
        }
    }

    /// <summary>Base of the faults the organization service returns (inside FaultException&lt;T&gt;).</summary>
    public abstract class BaseServiceFault
    {
        private ErrorDetailCollection _errorDetails = new ErrorDetailCollection();

        protected BaseServiceFault() { }

        public Guid ActivityId { get; set; }

        public int ErrorCode { get; set; }

        public ErrorDetailCollection ErrorDetails
        {
            get { return _errorDetails; }
            set { _errorDetails = value; }
        }

        public string HelpLink { get; set; }

        public string Message { get; set; }

        public DateTime Timestamp { get; set; }
    }

    /// <summary>
    /// The fault of a failed organization service call. Over WCF the service throws it wrapped in
    /// System.ServiceModel.FaultException&lt;OrganizationServiceFault&gt;.
    /// </summary>
    public class OrganizationServiceFault : BaseServiceFault
    {
        public OrganizationServiceFault() { }

        public OrganizationServiceFault InnerFault { get; set; }

        public string TraceText { get; set; }

        public override string ToString()
        {
            return $"{GetType().FullName}: {Message} (ErrorCode: 0x{ErrorCode:X8})";
        }
    }

    /// <summary>The fault of an ExecuteTransaction request: which request failed.</summary>
    public sealed class ExecuteTransactionFault : OrganizationServiceFault
    {
        public ExecuteTransactionFault() { }

        public int FaultedRequestIndex { get; set; }
    }
}
