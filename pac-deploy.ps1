<#
.SYNOPSIS
    Deploys the MCI for Dataverse solution to a Dataverse environment with the Power Platform CLI (pac).

.DESCRIPTION
    Steps, in order (docs/deploy.md says the same, with examples):
      1. Check every input. Bad input stops here with exit code 2, before pac or the build runs. The solution's
         unique name, version, environment variables and connection references come from mci, the repository's
         one reader of Solution/src (`dotnet run --project Cli -c Release -- check Solution/src --json FILE`),
         which also refuses what an import would refuse, e.g. a step whose SdkMessageId is not one of the 14
         messages with a published id (the step and the id are named).
      2. Find pac on PATH and report its version (`pac help`).
      3. Build (`dotnet build MciDataverse.sln -c Release`) unless -SkipBuild.
      4. Package: check that every assembly Solution/map.xml maps in is built, write a copy of that mapping with
         absolute paths (artifacts/deploy/pack.map.xml) and `pac solution pack` Solution/src with it into
         artifacts/deploy/ (managed: with --useUnmanagedFileForMissingManaged); or with -UseBuildZip take the zip
         the build wrote to Solution/bin/Release/.
      5. Authenticate: `pac auth select` of -AuthProfile, or `pac auth create` of a temporary service-principal
         profile (deleted again at the end).
      6. `pac solution list` to see what the environment holds, then `pac solution import` (async, plug-ins
         activated, changes published, settings file applied). A managed solution already installed at a lower
         version is upgraded with --stage-and-upgrade.
      7. `pac solution list` again to confirm, and print what was imported.
    A connection reference the solution defines that gets no ConnectionId is listed as a warning (its logical name,
    connector id, and `pac connection list` to find a connection id); the import then leaves it unbound.
    Exit codes: 0 deployed (or -WhatIf preview), 1 a tool or the environment failed, 2 bad input.

.PARAMETER Environment
    The environment URL, e.g. https://contoso.crm4.dynamics.com (https, host only).
.PARAMETER Managed
    Import the managed solution (the default).
.PARAMETER Unmanaged
    Import the unmanaged solution (development environments only).
.PARAMETER SettingsFile
    Deployment settings JSON in the format `pac solution create-settings` writes: EnvironmentVariables
    [{SchemaName, Value}] and ConnectionReferences [{LogicalName, ConnectionId, ConnectorId}]. Every variable and
    connection reference it names must be defined by the solution; a defined connection reference left out or with
    an empty ConnectionId gets a warning saying what to fill in.
.PARAMETER AuthProfile
    Name of an existing pac auth profile (`pac auth list`) to use.
.PARAMETER TenantId
    Service principal: the Microsoft Entra tenant (GUID or domain).
.PARAMETER ApplicationId
    Service principal: the application (client) ID, a GUID.
.PARAMETER ClientSecretVariable
    Service principal: NAME of the environment variable that holds the client secret
    (default MCI_DEPLOY_CLIENT_SECRET). The secret itself is never a parameter of this script.
.PARAMETER SkipBuild
    Do not run `dotnet build`; use what the last Release build left (the assemblies Solution/map.xml names, and
    mci, must exist).
.PARAMETER UseBuildZip
    Import the zip our build wrote (Solution/bin/Release) instead of packing Solution/src with pac.
.PARAMETER TimeoutMinutes
    How long the import may take. Passed to pac as --max-async-wait-time (rounded up to whole minutes);
    pac is stopped when it runs past it. Default 60.

.EXAMPLE
    ./pac-deploy.ps1 -Environment https://contoso-test.crm4.dynamics.com -AuthProfile contoso-test -SettingsFile ./deploy/test.settings.json

.EXAMPLE
    $env:MCI_DEPLOY_CLIENT_SECRET = '<from the pipeline secret store>'
    ./pac-deploy.ps1 -Environment https://contoso.crm4.dynamics.com -TenantId <tenant-guid> -ApplicationId <app-guid> -SettingsFile ./deploy/prod.settings.json -SkipBuild

.EXAMPLE
    dotnet tool run pwsh -- -NoProfile -Command "Get-Help ./pac-deploy.ps1 -Full"
    This help, through the PowerShell the repository pins (after `dotnet tool restore`). The `--` matters:
    without it dotnet reads -? or -Command as its own options and shows dotnet's help.

.LINK
    docs/deploy.md
#>
#Requires -Version 7.2
# (#Requires stays below the help block: above it, Get-Help shows only the syntax line.)
[CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'Medium')]
param(
    [string] $Environment,
    [switch] $Managed,
    [switch] $Unmanaged,
    [string] $SettingsFile,
    [string] $AuthProfile,
    [string] $TenantId,
    [string] $ApplicationId,
    [string] $ClientSecretVariable = 'MCI_DEPLOY_CLIENT_SECRET',
    [switch] $SkipBuild,
    [switch] $UseBuildZip,
    [string] $TimeoutMinutes = '60' # a number; taken as text so that a bad value gets this script's message
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$script:Bound = $PSBoundParameters
$ProgressPreference = 'Continue'

# Two kinds of failure, told apart by exit code: bad input (2, nothing ran) and a failed step (1).
class DeployInputException : System.Exception { DeployInputException([string] $message) : base($message) {} }
class DeployStepException : System.Exception { DeployStepException([string] $message) : base($message) {} }

function Stop-Input([string] $Message) { throw [DeployInputException]::new($Message) }
function Stop-Step([string] $Message) { throw [DeployStepException]::new($Message) }

$script:Secrets = [System.Collections.Generic.List[string]]::new()

# Never let a secret reach the console or a pipeline log, whatever echoes it.
function Protect-Text([string] $Text) {
    foreach ($secret in $script:Secrets) { $Text = $Text.Replace($secret, '***') }
    $Text
}

function Write-Step([string] $Message) { Write-Host "==> $Message" }

#region Input checks (no tool runs before these pass)

function Resolve-EnvironmentUrl([string] $Text) {
    $example = 'expected the environment URL, e.g. https://contoso.crm4.dynamics.com (https, host name only)'
    if ([string]::IsNullOrWhiteSpace($Text)) { Stop-Input "-Environment is required: $example." }
    $uri = $null
    $ok = [Uri]::TryCreate($Text.Trim(), [UriKind]::Absolute, [ref] $uri) -and
        $uri.Scheme -eq 'https' -and -not $uri.UserInfo -and -not $uri.Query -and -not $uri.Fragment -and
        $uri.AbsolutePath -eq '/' -and $uri.Host -match '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$'
    if (-not $ok) { Stop-Input "-Environment '$Text' is not a Dataverse environment URL: $example." }
    "https://$($uri.Authority)"
}

# An XML file of the checkout; malformed XML is bad input (exit 2), named with the parser's message.
function Read-XmlFile([string] $Path) {
    try { [xml] (Get-Content -LiteralPath $Path -Raw) }
    catch { Stop-Input "$Path is not valid XML: $($_.Exception.Message)" }
}

# What the unpacked solution (Solution/src, the layout `pac solution unpack` writes) declares, as mci reads it: the one
# reader of Solution/src (`mci check FOLDER --json`, docs/check.md). mci also checks the folder the way an import would:
# a step on a message without a published SdkMessageId, or any other dangling reference, stops here, before packing.
# With -SkipBuild mci is not built either (`dotnet run --no-build`): it runs as the last Release build left it.
function Read-Solution([string] $Root) {
    $sourceFolder = Join-Path $Root 'Solution' 'src'
    $manifestPath = Join-Path $sourceFolder 'Other' 'Solution.xml'
    if (-not (Test-Path -LiteralPath $manifestPath -PathType Leaf)) {
        Stop-Input "The unpacked solution is missing: $manifestPath not found. Run the script from a full checkout."
    }
    $json = Join-Path ([IO.Path]::GetTempPath()) "mci-check-$([guid]::NewGuid().ToString('N')).json"
    $arguments = @('run', '--project', (Join-Path $Root 'Cli' 'Cli.csproj'), '-c', 'Release')
    if ($SkipBuild) { $arguments += '--no-build' }
    $arguments += '--', 'check', $sourceFolder, '--json', $json
    try {
        $run = Invoke-Tool -Name dotnet -Arguments $arguments -TimeoutSeconds 0 -Quiet
        $report = if (Test-Path -LiteralPath $json -PathType Leaf) { Get-Content -LiteralPath $json -Raw | ConvertFrom-Json -AsHashtable } else { $null }
    }
    finally { Remove-Item -LiteralPath $json -Force -ErrorAction SilentlyContinue -WhatIf:$false } # a temporary file, also under -WhatIf
    $said = ($run.Lines | Where-Object { $_.Trim() } | Select-Object -Last 15 | ForEach-Object { $_.Trim() }) -join ' | ' # not ForEach-Object Trim: a method called by name honours -WhatIf
    if (-not $report) {
        # dotnet could not build or start mci: a failed step (1), not bad input.
        $fix = if ($SkipBuild) { ' With -SkipBuild mci must already be built: run `dotnet build MciDataverse.sln -c Release`, or run without -SkipBuild.' } else { '' }
        Stop-Step "mci (dotnet run --project Cli) could not read Solution/src (dotnet exit code $($run.ExitCode)); nothing was deployed.$fix $said"
    }
    if ($report.error) { Stop-Input "mci cannot read the unpacked solution: $($report.error)" }
    if ($report.issues) {
        $list = ($report.issues | ForEach-Object { "$($_.where): $($_.message)" }) -join ' | '
        Stop-Input "mci check found $(@($report.issues).Count) problem(s) in Solution/src that an import would refuse; nothing was packed: $list"
    }
    if ($run.ExitCode -ne 0 -or -not $report.solution) {
        Stop-Step "mci check Solution/src failed (exit code $($run.ExitCode)) without naming a problem; nothing was deployed. $said"
    }
    $variables = [ordered] @{}
    foreach ($variable in @($report.environmentVariables)) { $variables[$variable.schemaName] = [string] $variable.typeCode }
    $references = [ordered] @{}
    foreach ($reference in @($report.connectionReferences)) { $references[$reference.logicalName] = $reference.connectorId }
    [pscustomobject] @{
        UniqueName           = $report.solution.uniqueName
        Version              = $report.solution.version
        Variables            = $variables
        ConnectionReferences = $references
    }
}

# The plug-in assemblies are build outputs, not files in Solution/src: Solution/map.xml (SolutionPackager's mapping
# format, FileToFile/FileToPath) says where the build puts them. Its relative "to" paths are evaluated from the solution
# folder (Solution/src), as SolutionPackager documents and our packer (Packager/FileMap.cs) does; pac still gets a copy
# with absolute paths (Write-PackMap), so nothing depends on its working directory. Returns one entry per mapping.
function Read-AssemblyMap([string] $MapPath) {
    if (-not (Test-Path -LiteralPath $MapPath -PathType Leaf)) {
        Stop-Input "$MapPath not found: it maps the built plug-in assemblies into the solution. Run the script from a full checkout."
    }
    $document = Read-XmlFile $MapPath
    if ($document.DocumentElement?.LocalName -ne 'Mapping') { Stop-Input "$MapPath`: the root element of a mapping file is <Mapping>." }
    $folder = Join-Path (Split-Path -Parent $MapPath) 'src'
    $separator = [IO.Path]::DirectorySeparatorChar
    @(foreach ($element in $document.DocumentElement.ChildNodes) {
            if ($element.NodeType -ne 'Element') { continue }
            $kind = $element.LocalName
            if ($kind -notin 'FileToFile', 'FileToPath') {
                Stop-Input "$MapPath`: <$kind> mappings are not supported (use FileToFile or FileToPath, as our packer does)."
            }
            $map = $element.GetAttribute('map')
            $to = $element.GetAttribute('to')
            if (-not $map -or -not $to) { Stop-Input "$MapPath`: <$kind> needs both map and to attributes." }
            $target = [IO.Path]::GetFullPath([IO.Path]::Combine($folder, $to.Replace('\', $separator).Replace('/', $separator)))
            [pscustomobject] @{
                Kind = $kind
                Map  = $map
                To   = $target
                # The file pac will read: the target itself, or for a folder mapping the mapped file's name in it.
                File = if ($kind -eq 'FileToFile') { $target } else { Join-Path $target ($map.Replace('\', '/') -split '/')[-1] }
            }
        })
}

# Stops (bad input, exit 2) naming every mapped assembly that is not built, and the command that builds them.
function Assert-AssembliesBuilt($Mappings, [switch] $AfterBuild) {
    $missing = @($Mappings | Where-Object { -not (Test-Path -LiteralPath $_.File -PathType Leaf) })
    if (-not $missing) { return }
    $list = ($missing | ForEach-Object { "$($_.Map) ($($_.File))" }) -join ', '
    $what = if ($missing.Count -eq 1) { 'a plug-in assembly that is' } else { "$($missing.Count) plug-in assemblies that are" }
    $fix = if ($AfterBuild) { 'the build did not write it; check the build output above and that `dotnet build MciDataverse.sln -c Release` builds the net462 assemblies' }
    else { 'build first with `dotnet build MciDataverse.sln -c Release`, or run without -SkipBuild' }
    Stop-Input "Solution/map.xml maps $what missing$(if ($AfterBuild) { ' after the build' }): $list. Nothing was packed: $fix."
}

# Writes the mapping pac reads: the same directives with absolute "to" paths, so nothing depends on how pac resolves
# relative ones.
function Write-PackMap($Mappings, [string] $Path) {
    $lines = @('<?xml version="1.0" encoding="utf-8"?>', '<!-- Written by pac-deploy.ps1 from Solution/map.xml, with absolute paths. -->', '<Mapping>')
    foreach ($mapping in $Mappings) {
        $lines += '  <{0} map="{1}" to="{2}" />' -f $mapping.Kind, [Security.SecurityElement]::Escape($mapping.Map), [Security.SecurityElement]::Escape($mapping.To)
    }
    $lines += '</Mapping>'
    Set-Content -LiteralPath $Path -Value $lines -Encoding utf8NoBOM
}

# Lists (a warning, not a refusal) every connection reference of the solution that gets no connection: the import
# leaves it unbound and whatever uses it (the escalation flow) stays off until an admin sets one.
function Write-ConnectionWarning($Solution, [string] $Source, [string[]] $Filled) {
    foreach ($logicalName in $Solution.ConnectionReferences.Keys) {
        if ($Filled -ccontains $logicalName) { continue }
        Write-Warning ("$Source gives connection reference '$logicalName' no ConnectionId; the import leaves it without a connection. " +
            "Fill in its entry: { `"LogicalName`": `"$logicalName`", `"ConnectionId`": `"<id>`", `"ConnectorId`": `"$($Solution.ConnectionReferences[$logicalName])`" }. " +
            "The id is that of a connection in the target environment for that connector: ``pac connection list --environment <url>`` lists them (create one in Power Apps, Connections, if none).")
    }
}

# Checks a deployment settings file against what the solution defines; returns its full path.
function Test-SettingsFile([string] $Path, $Solution) {
    if (-not (Test-Path -LiteralPath $Path -PathType Leaf)) { Stop-Input "Settings file '$Path' not found." }
    $fullPath = (Resolve-Path -LiteralPath $Path).ProviderPath
    $name = "Settings file '$Path'"
    try { $document = [System.Text.Json.JsonDocument]::Parse((Get-Content -LiteralPath $fullPath -Raw) ?? '') }
    catch { Stop-Input "$name is not valid JSON: $($_.Exception.InnerException?.Message ?? $_.Exception.Message)" }
    $root = $document.RootElement
    $shape = 'the format `pac solution create-settings` writes: { "EnvironmentVariables": [ { "SchemaName": "...", "Value": "..." } ], "ConnectionReferences": [ ... ] }'
    if ($root.ValueKind -ne 'Object') { Stop-Input "$name must hold a JSON object in $shape." }
    $members = @{}
    foreach ($property in $root.EnumerateObject()) {
        if ($property.Name -notin 'EnvironmentVariables', 'ConnectionReferences') {
            Stop-Input "$name has an unknown property '$($property.Name)'; expected $shape."
        }
        if ($property.Value.ValueKind -ne 'Array') { Stop-Input "$name`: '$($property.Name)' must be an array; expected $shape." }
        $members[$property.Name] = $property.Value
    }
    if (-not $members.ContainsKey('EnvironmentVariables')) { Stop-Input "$name has no 'EnvironmentVariables' array; expected $shape." }

    $defined = $Solution.Variables
    $definedList = if ($defined.Count) { ($defined.Keys | Sort-Object) -join ', ' } else { '(none)' }
    $seen = @{}
    $index = 0
    foreach ($entry in $members['EnvironmentVariables'].EnumerateArray()) {
        $index++
        $schemaName = Get-JsonString $entry 'SchemaName'
        $value = Get-JsonString $entry 'Value'
        if (-not $schemaName) { Stop-Input "$name`: EnvironmentVariables entry $index needs a non-empty string 'SchemaName'." }
        if ($null -eq $value) { Stop-Input "$name`: environment variable '$schemaName' needs a string 'Value' (write numbers in quotes, e.g. `"10`")." }
        if ($seen.ContainsKey($schemaName)) { Stop-Input "$name names environment variable '$schemaName' twice." }
        $seen[$schemaName] = $true
        if ($defined.Keys -cnotcontains $schemaName) {
            $hint = @($defined.Keys | Where-Object { $_ -ieq $schemaName })
            $hint = if ($hint) { " Did you mean '$($hint[0])'? Spell it exactly as the solution does." } else { '' }
            Stop-Input "$name names environment variable '$schemaName' which the $($Solution.UniqueName) solution does not define. Defined: $definedList.$hint"
        }
        if ($value -eq '') {
            Write-Warning "$name gives '$schemaName' an empty Value; fill it in, or remove the entry to keep the solution's default."
        }
        elseif ($defined[$schemaName] -eq '100000001') { # Number
            $number = 0.0
            if (-not [decimal]::TryParse($value, [Globalization.NumberStyles]::Number, [Globalization.CultureInfo]::InvariantCulture, [ref] $number)) {
                Stop-Input "$name gives number variable '$schemaName' the value '$value', which is not a number (use digits and a '.' decimal point)."
            }
        }
    }
    $filled = @{}
    if ($members.ContainsKey('ConnectionReferences')) {
        $references = $Solution.ConnectionReferences
        $list = if ($references.Count) { ($references.Keys | Sort-Object) -join ', ' } else { '(none)' }
        $index = 0
        foreach ($entry in $members['ConnectionReferences'].EnumerateArray()) {
            $index++
            $logicalName = Get-JsonString $entry 'LogicalName'
            if (-not $logicalName) { Stop-Input "$name`: ConnectionReferences entry $index needs a non-empty string 'LogicalName'." }
            if ($references.Keys -cnotcontains $logicalName) {
                $hint = @($references.Keys | Where-Object { $_ -ieq $logicalName })
                $hint = if ($hint) { " Did you mean '$($hint[0])'? Spell it exactly as the solution does." } else { '' }
                Stop-Input "$name names connection reference '$logicalName' which the $($Solution.UniqueName) solution does not define. Defined: $list.$hint"
            }
            if ($filled.ContainsKey($logicalName)) { Stop-Input "$name names connection reference '$logicalName' twice." }
            $connectionId = Get-JsonString $entry 'ConnectionId'
            $connectorId = Get-JsonString $entry 'ConnectorId'
            foreach ($property in 'ConnectionId', 'ConnectorId') {
                $value = [System.Text.Json.JsonElement]::new()
                if ($entry.TryGetProperty($property, [ref] $value) -and $value.ValueKind -notin 'String', 'Null') {
                    Stop-Input "$name`: connection reference '$logicalName' needs '$property' as a string."
                }
            }
            if ($connectorId -and $connectorId -cne $references[$logicalName]) {
                Stop-Input "$name gives connection reference '$logicalName' the ConnectorId '$connectorId', but the solution's reference uses '$($references[$logicalName])'."
            }
            $filled[$logicalName] = -not [string]::IsNullOrWhiteSpace($connectionId)
        }
    }
    Write-ConnectionWarning $Solution $name @($filled.Keys | Where-Object { $filled[$_] })
    $fullPath
}

# The string value of a JSON object's property; $null when absent or not a string.
function Get-JsonString([System.Text.Json.JsonElement] $Element, [string] $Property) {
    if ($Element.ValueKind -ne 'Object') { return $null }
    $value = [System.Text.Json.JsonElement]::new()
    if ($Element.TryGetProperty($Property, [ref] $value) -and $value.ValueKind -eq 'String') { return $value.GetString() }
    $null
}

function Test-Authentication {
    $servicePrincipal = $TenantId -or $ApplicationId -or $script:Bound.ContainsKey('ClientSecretVariable')
    if ($AuthProfile -and $servicePrincipal) {
        Stop-Input 'Use either -AuthProfile or a service principal (-TenantId, -ApplicationId), not both.'
    }
    if (-not $AuthProfile -and -not $servicePrincipal) {
        Stop-Input 'Say how to sign in: -AuthProfile NAME (see `pac auth list`), or -TenantId and -ApplicationId with the client secret in an environment variable.'
    }
    if ($AuthProfile) {
        if ($AuthProfile.Length -gt 30) { Stop-Input "-AuthProfile '$AuthProfile' is longer than the 30 characters pac allows for a profile name." }
        return $null
    }
    $guid = [guid]::Empty
    $missing = @(if (-not $TenantId) { '-TenantId' }; if (-not $ApplicationId) { '-ApplicationId' })
    if ($missing) { Stop-Input "Service principal sign-in needs -TenantId and -ApplicationId; $($missing -join ' and ') missing." }
    if (-not [guid]::TryParse($TenantId, [ref] $guid) -and $TenantId -notmatch '^[a-z0-9-]+(\.[a-z0-9-]+)+$') {
        Stop-Input "-TenantId '$TenantId' is neither a GUID nor a domain name such as contoso.onmicrosoft.com."
    }
    if (-not [guid]::TryParse($ApplicationId, [ref] $guid)) { Stop-Input "-ApplicationId '$ApplicationId' is not a GUID (the application's client ID)." }
    # Name the variable in messages only when it looks like a variable name, never like a pasted secret.
    $variableName = if ($ClientSecretVariable -cmatch '^[A-Z_][A-Z0-9_]{0,63}$') { "'$ClientSecretVariable'" } else { 'named by -ClientSecretVariable' }
    if ($ClientSecretVariable -notmatch '^[A-Za-z_][A-Za-z0-9_]*$') {
        Stop-Input '-ClientSecretVariable must be the NAME of an environment variable holding the client secret (e.g. MCI_DEPLOY_CLIENT_SECRET), never the secret itself.'
    }
    $secret = [Environment]::GetEnvironmentVariable($ClientSecretVariable)
    if ([string]::IsNullOrWhiteSpace($secret)) {
        Stop-Input "The client secret is missing: environment variable $variableName is not set or empty. Set it from your pipeline's secret store; the script never takes the secret on its command line."
    }
    $script:Secrets.Add($secret)
    $secret
}

#endregion

#region Running tools

# Runs a program found on PATH, relaying its output line by line (secrets masked; -Quiet keeps it for the caller) and
# stopping it after $TimeoutSeconds. Returns the exit code, the output lines and whether it timed out.
function Invoke-Tool {
    param([string] $Name, [string[]] $Arguments, [double] $TimeoutSeconds = 600, [string] $Activity, [switch] $Quiet)
    $command = Get-Command $Name -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $command) { Stop-Step "'$Name' is not on PATH." }
    $info = [System.Diagnostics.ProcessStartInfo]::new()
    if ($IsWindows -and $command.Source -match '\.(cmd|bat)$') {
        $info.FileName = $env:ComSpec
        foreach ($argument in '/d', '/c', $command.Source) { $info.ArgumentList.Add($argument) }
    }
    else { $info.FileName = $command.Source }
    foreach ($argument in $Arguments) { $info.ArgumentList.Add($argument) }
    $info.UseShellExecute = $false
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.RedirectStandardInput = $true # closed at once: a tool that wants to prompt gets end-of-input, not a hung pipeline

    $shown = ($Arguments | ForEach-Object { if ($_ -match '\s') { "'$_'" } else { $_ } }) -join ' '
    Write-Host (Protect-Text "> $Name $shown")
    $process = [System.Diagnostics.Process]::Start($info)
    $process.StandardInput.Close()
    $lines = [System.Collections.Generic.List[string]]::new()
    $readers = @{ Out = $process.StandardOutput; Err = $process.StandardError }
    $pending = @{ Out = $readers.Out.ReadLineAsync(); Err = $readers.Err.ReadLineAsync() }
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $lastLine = $clock.Elapsed
    $timedOut = $false
    while ($pending.Count) {
        $keys = @($pending.Keys)
        $done = [System.Threading.Tasks.Task]::WaitAny([System.Threading.Tasks.Task[]] @($keys | ForEach-Object { $pending[$_] }), 250)
        if ($done -ge 0) {
            $key = $keys[$done]
            $line = $pending[$key].Result
            if ($null -eq $line) { $pending.Remove($key) }
            else {
                $line = Protect-Text $line
                $lines.Add($line)
                if (-not $Quiet) { Write-Host "    $line" }
                $lastLine = $clock.Elapsed
                $pending[$key] = $readers[$key].ReadLineAsync()
            }
        }
        if ($Activity) {
            $elapsed = $clock.Elapsed.ToString('hh\:mm\:ss')
            Write-Progress -Activity $Activity -Status "$elapsed elapsed" -SecondsRemaining ([math]::Max(0, [int]($TimeoutSeconds - $clock.Elapsed.TotalSeconds)))
            if (($clock.Elapsed - $lastLine).TotalSeconds -ge 60) {
                Write-Host "    ... $Activity still running, $elapsed elapsed"
                $lastLine = $clock.Elapsed
            }
        }
        if ($TimeoutSeconds -gt 0 -and $clock.Elapsed.TotalSeconds -ge $TimeoutSeconds) {
            $timedOut = $true
            try { $process.Kill($true) } catch { Write-Verbose "Could not stop $Name`: $($_.Exception.Message)" }
            break
        }
    }
    if ($Activity) { Write-Progress -Activity $Activity -Completed }
    $process.WaitForExit()
    [pscustomobject] @{ ExitCode = $process.ExitCode; Lines = $lines.ToArray(); TimedOut = $timedOut }
}

# Runs pac; a non-zero exit, or an "Error:" line (some pac commands print one and still exit 0), fails the step
# with pac's own message.
function Invoke-Pac {
    param([string[]] $Arguments, [double] $TimeoutSeconds = 600, [string] $Activity)
    $what = "pac $(($Arguments | Select-Object -First 2) -join ' ')"
    $result = Invoke-Tool -Name pac -Arguments $Arguments -TimeoutSeconds $TimeoutSeconds -Activity $Activity
    if ($result.TimedOut) {
        Stop-Step "$what did not finish within $(Format-Minutes $TimeoutSeconds) and was stopped. An import may still be running in the environment: check its solution history before you try again."
    }
    $errorAt = [array]::FindIndex([string[]] $result.Lines, [Predicate[string]] { param($l) $l -match '^\s*Error:' })
    if ($result.ExitCode -ne 0 -or $errorAt -ge 0) {
        $message = if ($errorAt -ge 0) { $result.Lines[$errorAt..([math]::Min($result.Lines.Count, $errorAt + 20) - 1)] }
        else { $result.Lines | Select-Object -Last 10 }
        Stop-Step "$what failed (exit code $($result.ExitCode)): $(($message | ForEach-Object { $_.Trim() }) -join ' | ')"
    }
    $result.Lines
}

function Format-Minutes([double] $Seconds) {
    $minutes = [math]::Round($Seconds / 60, 2)
    if ($minutes -eq 1) { '1 minute' } else { "$minutes minutes" }
}

# The solution as `pac solution list` shows it: "UniqueName  Friendly Name  Version  Managed" rows.
function Get-InstalledSolution([string] $EnvironmentUrl, [string] $UniqueName) {
    foreach ($line in Invoke-Pac -Arguments 'solution', 'list', '--environment', $EnvironmentUrl) {
        if ($line -match '^\s*(\[\d+\]\s+)?(?<name>\S+)\s.*?\s(?<version>\d+(\.\d+){1,3})(\s+(?<managed>True|False))?\s*$' -and
            $Matches.name -eq $UniqueName) {
            return [pscustomobject] @{
                Version = [version] $Matches.version
                Managed = if ($Matches.managed) { $Matches.managed -eq 'True' } else { $null }
            }
        }
    }
    $null
}

#endregion

function Invoke-Deployment {
    # 1. Inputs
    if ($Managed -and $Unmanaged) { Stop-Input 'Choose -Managed or -Unmanaged, not both.' }
    $isManaged = -not $Unmanaged
    $kind = if ($isManaged) { 'managed' } else { 'unmanaged' }
    $environmentUrl = Resolve-EnvironmentUrl $Environment
    $timeout = 0.0
    if (-not [double]::TryParse($TimeoutMinutes, [Globalization.NumberStyles]::Float, [Globalization.CultureInfo]::InvariantCulture, [ref] $timeout) -or
        $timeout -lt 0.05 -or $timeout -gt 1440) {
        Stop-Input "-TimeoutMinutes '$TimeoutMinutes' is not a number of minutes from 0.05 to 1440."
    }
    $secret = Test-Authentication
    $root = $PSScriptRoot
    $solution = Read-Solution $root
    $settingsPath = if ($SettingsFile) { Test-SettingsFile $SettingsFile $solution } else { Write-ConnectionWarning $solution 'Without -SettingsFile, the import' @(); $null }
    $assemblies = if ($UseBuildZip) { @() } else { Read-AssemblyMap (Join-Path $root 'Solution' 'map.xml') }
    if (-not $UseBuildZip -and $SkipBuild) { Assert-AssembliesBuilt $assemblies }
    $zipName = '{0}_{1}{2}.zip' -f $solution.UniqueName, $solution.Version.Replace('.', '_'), $(if ($isManaged) { '_managed' } else { '' })
    $zip = if ($UseBuildZip) { Join-Path $root 'Solution' 'bin' 'Release' $zipName } else { Join-Path $root 'artifacts' 'deploy' $zipName }
    if ($UseBuildZip -and $SkipBuild -and -not (Test-Path -LiteralPath $zip -PathType Leaf)) {
        Stop-Input "The solution zip $zip is missing. Build first (dotnet build MciDataverse.sln -c Release) or run without -SkipBuild."
    }
    Write-Step "Deploying $($solution.UniqueName) $($solution.Version) ($kind) to $environmentUrl"

    # 2. pac
    if (-not (Get-Command pac -CommandType Application -ErrorAction SilentlyContinue)) {
        Stop-Step 'The Power Platform CLI (pac) is not on PATH. Install it (dotnet tool install --global Microsoft.PowerApps.CLI.Tool, or the Windows installer) and try again.'
    }
    $help = Invoke-Pac -Arguments @('help')
    $pacVersion = ($help | Where-Object { $_ -match '^\s*Version:\s*(\S+)' } | Select-Object -First 1) -replace '^\s*Version:\s*(\S+).*$', '$1'
    Write-Step "Power Platform CLI $(if ($pacVersion) { $pacVersion } else { '(version not reported)' })"

    # 3. Build
    $built = $false
    if (-not $SkipBuild -and $PSCmdlet.ShouldProcess((Join-Path $root 'MciDataverse.sln'), 'dotnet build -c Release')) {
        Write-Step 'Building (Release)'
        $build = Invoke-Tool -Name dotnet -Arguments 'build', (Join-Path $root 'MciDataverse.sln'), '-c', 'Release' -TimeoutSeconds 0
        if ($build.ExitCode -ne 0) { Stop-Step "The build failed (dotnet exit code $($build.ExitCode)); nothing was deployed." }
        $built = $true
    }

    # 4. Package: Solution/src plus the built assemblies; no _managed.xml copies are committed, so a managed pack uses
    # the unmanaged files (as our build's packer does).
    if (-not $UseBuildZip -and $PSCmdlet.ShouldProcess($zip, "pac solution pack ($kind) from Solution/src and the assemblies Solution/map.xml names")) {
        Assert-AssembliesBuilt $assemblies -AfterBuild:$built
        Write-Step "Packing Solution/src and the built assemblies with pac ($kind)"
        New-Item -ItemType Directory -Force -Path (Split-Path $zip) | Out-Null
        Remove-Item -LiteralPath $zip -Force -ErrorAction SilentlyContinue
        $packMap = Join-Path (Split-Path $zip) 'pack.map.xml'
        Write-PackMap $assemblies $packMap
        $pack = @('solution', 'pack', '--zipfile', $zip, '--folder', (Join-Path $root 'Solution' 'src'),
            '--packagetype', $(if ($isManaged) { 'Managed' } else { 'Unmanaged' }), '--map', $packMap)
        if ($isManaged) { $pack += '--useUnmanagedFileForMissingManaged' }
        Invoke-Pac -Arguments $pack | Out-Null
    }
    if (-not $WhatIfPreference -and -not (Test-Path -LiteralPath $zip -PathType Leaf)) {
        Stop-Input "The solution zip $zip is missing after $(if ($UseBuildZip) { 'the build' } else { 'pac solution pack' }); nothing was imported."
    }

    # 5-7. Authenticate, import, confirm
    $route = if ($isManaged) { 'stage-and-upgrade when an older managed version is installed, else import' } else { 'import' }
    if (-not $PSCmdlet.ShouldProcess($environmentUrl, "Import $zipName ($route) with pac")) { return }
    $profileName = $null
    try {
        if ($secret) {
            $newProfile = 'mci-deploy-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
            Write-Step "Signing in as application $ApplicationId (temporary pac profile $newProfile)"
            Invoke-Pac -Arguments 'auth', 'create', '--name', $newProfile, '--environment', $environmentUrl,
                '--tenant', $TenantId, '--applicationId', $ApplicationId, '--clientSecret', $secret | Out-Null
            $profileName = $newProfile
        }
        else {
            Write-Step "Signing in with pac profile '$AuthProfile'"
            Invoke-Pac -Arguments 'auth', 'select', '--name', $AuthProfile | Out-Null
        }

        $before = Get-InstalledSolution $environmentUrl $solution.UniqueName
        $version = [version] $solution.Version
        $upgrade = $false
        if ($before) {
            $beforeKind = if ($before.Managed) { 'managed' } elseif ($null -eq $before.Managed) { 'unknown kind' } else { 'unmanaged' }
            Write-Step "The environment has $($solution.UniqueName) $($before.Version) ($beforeKind)"
            if ($isManaged -and $before.Managed -eq $false) {
                Stop-Step "$($solution.UniqueName) is installed unmanaged in $environmentUrl; a managed import over it fails. Remove the unmanaged solution first, or deploy with -Unmanaged."
            }
            if (-not $isManaged -and $before.Managed) {
                Stop-Step "$($solution.UniqueName) is installed managed in $environmentUrl; an unmanaged import cannot replace it. Deploy with -Managed."
            }
            if ($isManaged -and $before.Version -gt $version) {
                Stop-Step "$environmentUrl already has $($solution.UniqueName) $($before.Version), newer than $version; a managed solution is not downgraded. Deploy a higher version."
            }
            $upgrade = $isManaged -and $before.Version -lt $version
        }
        else { Write-Step "$($solution.UniqueName) is not installed yet" }

        $import = @('solution', 'import', '--path', $zip, '--environment', $environmentUrl, '--async',
            '--max-async-wait-time', [string][math]::Ceiling($timeout), '--activate-plugins', '--publish-changes')
        if ($settingsPath) { $import += '--settings-file', $settingsPath }
        if ($upgrade) { $import += '--stage-and-upgrade' }
        $how = if ($upgrade) { "upgrading from $($before.Version) (stage and upgrade)" } elseif ($before) { 'updating in place' } else { 'new install' }
        Write-Step "Importing ${zipName}: $how; timeout $(Format-Minutes ($timeout * 60))"
        Invoke-Pac -Arguments $import -TimeoutSeconds ($timeout * 60) -Activity "Importing $($solution.UniqueName) $version" | Out-Null

        $after = Get-InstalledSolution $environmentUrl $solution.UniqueName
        if (-not $after -or $after.Version -ne $version) {
            Stop-Step "pac reported success, but $environmentUrl shows $($solution.UniqueName) $(if ($after) { $after.Version } else { 'not installed' }) instead of $version."
        }
        Write-Step "Imported $($solution.UniqueName) $version ($kind) into $environmentUrl ($how)"
    }
    finally {
        if ($profileName) {
            # The profile holds the service principal's credentials: never leave it on the agent.
            try { Invoke-Pac -Arguments 'auth', 'delete', '--name', $profileName | Out-Null }
            catch { Write-Warning "Could not delete the temporary pac profile $profileName`: $($_.Exception.Message)" }
        }
    }
}

try {
    Invoke-Deployment
    exit 0
}
catch [DeployInputException] {
    $Host.UI.WriteErrorLine("pac-deploy: $(Protect-Text $_.Exception.Message) Nothing was run against the environment.")
    exit 2
}
catch {
    $Host.UI.WriteErrorLine("pac-deploy: $(Protect-Text $_.Exception.Message)")
    exit 1
}
