using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Mci.Sdk.Tests.Metadata;

/// <summary>
/// What a compiled assembly uses and declares, read with System.Reflection.Metadata without loading it: the types and
/// members it references in other assemblies, its own types with their fields, and per method body the string
/// literals it loads (ldstr, from the #US heap) and the members it calls. Signatures are text from
/// <see cref="SignatureText"/>, comparable across binaries.
/// </summary>
internal sealed class BuiltAssembly
{
    private BuiltAssembly(byte[] image, string label)
    {
        Label = label;
        using var pe = new PEReader(new MemoryStream(image));
        var reader = pe.GetMetadataReader();
        Name = reader.GetString(reader.GetAssemblyDefinition().Name);
        var text = new SignatureText();

        TypeReferences = reader.TypeReferences
            .Select(h => new TypeUse(SignatureText.FullName(reader, h), AssemblyOf(reader, h)))
            .ToList();

        MemberReferences = reader.MemberReferences.Select(h => Member(reader, text, h)).ToList();

        var types = new List<TypeDeclaration>();
        var methods = new List<MethodBody>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            var fullName = SignatureText.FullName(reader, handle);
            var fields = type.GetFields().Select(reader.GetFieldDefinition).Select(f => new FieldDeclaration(
                reader.GetString(f.Name), f.DecodeSignature(text, null),
                (f.Attributes & FieldAttributes.Static) != 0, (f.Attributes & FieldAttributes.InitOnly) != 0, (f.Attributes & FieldAttributes.Literal) != 0)).ToList();
            var interfaces = type.GetInterfaceImplementations()
                .Select(i => TypeName(reader, text, reader.GetInterfaceImplementation(i).Interface)).ToList();
            types.Add(new TypeDeclaration(fullName, type.BaseType.IsNil ? null : TypeName(reader, text, type.BaseType), interfaces, fields));

            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                var signature = SignatureText.Method(reader.GetString(method.Name), method.DecodeSignature(text, null));
                var synchronized = (method.ImplAttributes & MethodImplAttributes.Synchronized) != 0;
                if (method.RelativeVirtualAddress == 0)
                {
                    methods.Add(new MethodBody(fullName, reader.GetString(method.Name), signature, synchronized, [], []));
                    continue;
                }
                var (strings, calls) = ReadBody(reader, text, pe.GetMethodBody(method.RelativeVirtualAddress));
                methods.Add(new MethodBody(fullName, reader.GetString(method.Name), signature, synchronized, strings, calls));
            }
        }
        Types = types;
        Methods = methods;

        // Every other signature blob, so that Kinds covers every type the binary mentions anywhere.
        for (var row = 1; row <= reader.GetTableRowCount(TableIndex.TypeSpec); row++)
        {
            reader.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row)).DecodeSignature(text, null);
        }
        for (var row = 1; row <= reader.GetTableRowCount(TableIndex.MethodSpec); row++)
        {
            reader.GetMethodSpecification(MetadataTokens.MethodSpecificationHandle(row)).DecodeSignature(text, null);
        }
        foreach (var handle in reader.PropertyDefinitions) reader.GetPropertyDefinition(handle).DecodeSignature(text, null);
        for (var row = 1; row <= reader.GetTableRowCount(TableIndex.StandAloneSig); row++)
        {
            var signature = reader.GetStandaloneSignature(MetadataTokens.StandaloneSignatureHandle(row));
            if (signature.GetKind() == StandaloneSignatureKind.LocalVariables) signature.DecodeLocalSignature(text, null);
            else signature.DecodeMethodSignature(text, null);
        }
        Kinds = text.Kinds;
    }

    /// <summary>Where the image came from (a path, or a fixture's name).</summary>
    public string Label { get; }

    /// <summary>The assembly's simple name.</summary>
    public string Name { get; }

    public IReadOnlyList<TypeUse> TypeReferences { get; }

    public IReadOnlyList<MemberUse> MemberReferences { get; }

    public IReadOnlyList<TypeDeclaration> Types { get; }

    public IReadOnlyList<MethodBody> Methods { get; }

    /// <summary>Every named type the binary's signatures mention, with the kinds (class/valuetype) they give it.</summary>
    public IReadOnlyDictionary<string, HashSet<string>> Kinds { get; }

    public static BuiltAssembly Read(string path) => new(File.ReadAllBytes(path), path);

    public static BuiltAssembly Read(byte[] image, string label) => new(image, label);

    public override string ToString() => Label;

    /// <summary>A type this assembly references, and the assembly it is resolved in.</summary>
    public sealed record TypeUse(string FullName, string Assembly);

    /// <summary>
    /// A member this assembly references: the declaring type as the reference names it (the generic definition's name
    /// for a member of an instantiated generic type), that type's assembly, the member name, and its signature text.
    /// </summary>
    public sealed record MemberUse(string Type, string Assembly, string Name, string Signature, bool IsField)
    {
        public override string ToString() => $"[{Assembly}]{Type}::{Signature}";
    }

    /// <summary>A call in a method body, with the string literal passed as its last argument when the IL shows one.</summary>
    public sealed record CallSite(MemberUse Member, string? LiteralArgument);

    public sealed record FieldDeclaration(string Name, string Type, bool IsStatic, bool IsReadOnly, bool IsConstant);

    public sealed record TypeDeclaration(string FullName, string? BaseType, IReadOnlyList<string> Interfaces, IReadOnlyList<FieldDeclaration> Fields);

    /// <summary>A method of this assembly: whether it is [MethodImpl(Synchronized)], the literals it loads and the members it
    /// calls (call, callvirt, newobj, ldftn).</summary>
    public sealed record MethodBody(string Type, string Name, string Signature, bool IsSynchronized, IReadOnlyList<string> Strings, IReadOnlyList<CallSite> Calls)
    {
        public override string ToString() => $"{Type}::{Name}";
    }

    private static string AssemblyOf(MetadataReader reader, TypeReferenceHandle handle)
    {
        var scope = reader.GetTypeReference(handle).ResolutionScope;
        return scope.Kind switch
        {
            HandleKind.AssemblyReference => reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name),
            HandleKind.TypeReference => AssemblyOf(reader, (TypeReferenceHandle)scope),
            _ => reader.GetString(reader.GetAssemblyDefinition().Name),
        };
    }

    /// <summary>The full name (generic definition's, for an instantiation) and assembly of a TypeDef, TypeRef or TypeSpec.</summary>
    private static (string Name, string Assembly) TypeAndAssembly(MetadataReader reader, SignatureText text, EntityHandle handle)
    {
        var self = reader.GetString(reader.GetAssemblyDefinition().Name);
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                return (SignatureText.FullName(reader, (TypeDefinitionHandle)handle), self);
            case HandleKind.TypeReference:
                return (SignatureText.FullName(reader, (TypeReferenceHandle)handle), AssemblyOf(reader, (TypeReferenceHandle)handle));
            case HandleKind.TypeSpecification:
                var specification = reader.GetTypeSpecification((TypeSpecificationHandle)handle);
                var blob = reader.GetBlobReader(specification.Signature);
                if (blob.ReadSignatureTypeCode() == SignatureTypeCode.GenericTypeInstance)
                {
                    blob.ReadSignatureTypeCode(); // class or valuetype
                    return TypeAndAssembly(reader, text, blob.ReadTypeHandle());
                }
                // An array or generic parameter as a member's parent (e.g. int[]::Get): named by its text, no assembly.
                return (SignatureText.WithoutKinds(specification.DecodeSignature(text, null)), "");
            default:
                return ("<" + handle.Kind + ">", self);
        }
    }

    private static string TypeName(MetadataReader reader, SignatureText text, EntityHandle handle) => TypeAndAssembly(reader, text, handle).Name;

    private static MemberUse Member(MetadataReader reader, SignatureText text, MemberReferenceHandle handle)
    {
        var member = reader.GetMemberReference(handle);
        var name = reader.GetString(member.Name);
        var (type, assembly) = member.Parent.Kind == HandleKind.MethodDefinition
            ? TypeAndAssembly(reader, text, reader.GetMethodDefinition((MethodDefinitionHandle)member.Parent).GetDeclaringType())
            : TypeAndAssembly(reader, text, (EntityHandle)member.Parent);
        return member.GetKind() == MemberReferenceKind.Field
            ? new MemberUse(type, assembly, name, SignatureText.Field(name, member.DecodeFieldSignature(text, null)), IsField: true)
            : new MemberUse(type, assembly, name, SignatureText.Method(name, member.DecodeMethodSignature(text, null)), IsField: false);
    }

    private static MemberUse Called(MetadataReader reader, SignatureText text, EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.MemberReference:
                return Member(reader, text, (MemberReferenceHandle)handle);
            case HandleKind.MethodSpecification:
                return Called(reader, text, reader.GetMethodSpecification((MethodSpecificationHandle)handle).Method);
            case HandleKind.MethodDefinition:
                var method = reader.GetMethodDefinition((MethodDefinitionHandle)handle);
                var name = reader.GetString(method.Name);
                return new MemberUse(SignatureText.FullName(reader, method.GetDeclaringType()), reader.GetString(reader.GetAssemblyDefinition().Name),
                    name, SignatureText.Method(name, method.DecodeSignature(text, null)), IsField: false);
            default:
                return new MemberUse("<" + handle.Kind + ">", "", "", "", IsField: false);
        }
    }

    /// <summary>
    /// Walks the IL of one body: the operands of ldstr and of the call instructions are read, the rest stepped over. A
    /// call whose last argument is a string literal, loaded right before the call or through a local that was assigned
    /// the literal, records that literal (enough to see `new OrganizationRequest("X")` and `RequestName = "X"`).
    /// </summary>
    private static (List<string> Strings, List<CallSite> Calls) ReadBody(MetadataReader reader, SignatureText text, MethodBodyBlock body)
    {
        var strings = new List<string>();
        var calls = new List<CallSite>();
        var localLiterals = new Dictionary<int, string>();
        string? pushed = null; // the literal the previous instruction left on the stack, if any
        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            int code = il.ReadByte();
            if (code == 0xFE) code = 0xFE00 | il.ReadByte();
            var opcode = (ILOpCode)code;
            var previous = pushed;
            pushed = null;
            switch (opcode)
            {
                case ILOpCode.Ldstr:
                    pushed = reader.GetUserString(MetadataTokens.UserStringHandle(il.ReadInt32() & 0xFFFFFF));
                    strings.Add(pushed);
                    break;
                case ILOpCode.Call or ILOpCode.Callvirt or ILOpCode.Newobj or ILOpCode.Ldftn or ILOpCode.Ldvirtftn or ILOpCode.Jmp:
                    calls.Add(new CallSite(Called(reader, text, MetadataTokens.EntityHandle(il.ReadInt32())), previous));
                    break;
                case ILOpCode.Stloc_0 or ILOpCode.Stloc_1 or ILOpCode.Stloc_2 or ILOpCode.Stloc_3 or ILOpCode.Stloc_s or ILOpCode.Stloc:
                    var stored = opcode switch { ILOpCode.Stloc_s => il.ReadByte(), ILOpCode.Stloc => il.ReadUInt16(), _ => opcode - ILOpCode.Stloc_0 };
                    if (previous != null) localLiterals[stored] = previous;
                    else localLiterals.Remove(stored);
                    break;
                case ILOpCode.Ldloc_0 or ILOpCode.Ldloc_1 or ILOpCode.Ldloc_2 or ILOpCode.Ldloc_3 or ILOpCode.Ldloc_s or ILOpCode.Ldloc:
                    var loaded = opcode switch { ILOpCode.Ldloc_s => il.ReadByte(), ILOpCode.Ldloc => il.ReadUInt16(), _ => opcode - ILOpCode.Ldloc_0 };
                    pushed = localLiterals.GetValueOrDefault(loaded);
                    break;
                case ILOpCode.Ldloca_s or ILOpCode.Ldloca:
                    // The address escapes: whatever is stored through it is not tracked.
                    localLiterals.Remove(opcode == ILOpCode.Ldloca_s ? il.ReadByte() : il.ReadUInt16());
                    break;
                case ILOpCode.Switch:
                    var targets = il.ReadUInt32();
                    il.Offset += checked((int)(targets * 4));
                    break;
                default:
                    il.Offset += OperandSize(opcode);
                    break;
            }
        }
        return (strings, calls);
    }

    /// <summary>Operand size in bytes of every other opcode (ECMA-335 Partition III).</summary>
    private static int OperandSize(ILOpCode opcode)
    {
        switch (opcode)
        {
            case ILOpCode.Ldarg_s or ILOpCode.Ldarga_s or ILOpCode.Starg_s or ILOpCode.Ldloc_s or ILOpCode.Ldloca_s or ILOpCode.Stloc_s
                or ILOpCode.Ldc_i4_s or ILOpCode.Unaligned:
                return 1;
            case (ILOpCode)0xFE19: // no. (not in ILOpCode)
                return 1;
            case ILOpCode.Ldarg or ILOpCode.Ldarga or ILOpCode.Starg or ILOpCode.Ldloc or ILOpCode.Ldloca or ILOpCode.Stloc:
                return 2;
            case ILOpCode.Ldc_i8 or ILOpCode.Ldc_r8:
                return 8;
            case ILOpCode.Ldc_i4 or ILOpCode.Ldc_r4 or ILOpCode.Calli or ILOpCode.Cpobj or ILOpCode.Ldobj or ILOpCode.Castclass
                or ILOpCode.Isinst or ILOpCode.Unbox or ILOpCode.Ldfld or ILOpCode.Ldflda or ILOpCode.Stfld or ILOpCode.Ldsfld
                or ILOpCode.Ldsflda or ILOpCode.Stsfld or ILOpCode.Stobj or ILOpCode.Box or ILOpCode.Newarr or ILOpCode.Ldelema
                or ILOpCode.Ldelem or ILOpCode.Stelem or ILOpCode.Unbox_any or ILOpCode.Refanyval or ILOpCode.Mkrefany
                or ILOpCode.Ldtoken or ILOpCode.Initobj or ILOpCode.Constrained or ILOpCode.Sizeof:
                return 4;
            default:
                return opcode.IsBranch() ? opcode.GetBranchOperandSize() : 0;
        }
    }
}
