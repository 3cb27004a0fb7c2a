// The `radlab` command: the same services the app uses, without Electron.
import { Command, Option } from 'commander'
import { fail, setVerbose } from './output'
import { registerProjectCommands } from './commands/project'
import { registerServeCommand } from './commands/serve'
import { registerDoctorCommand } from './commands/doctor'
import { registerTrainCommands } from './commands/train'
import { registerReviewCommands } from './commands/review'
import { APP_VERSION } from '../main/version'

const program = new Command()
program
  .name('radlab')
  .description('RadLab: annotate, train and review medical-imaging models on this machine.')
  .version(APP_VERSION)
  .addOption(new Option('--verbose', 'print stack traces on errors'))
  .hook('preAction', (cmd) => setVerbose(Boolean(cmd.opts().verbose)))
  .showHelpAfterError()
  .exitOverride((err) => {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') process.exit(0)
    process.exit(err.exitCode || 1)
  })

registerProjectCommands(program)
registerServeCommand(program)
registerDoctorCommand(program)
registerTrainCommands(program)
registerReviewCommands(program)

program.parseAsync(process.argv).catch(fail)
